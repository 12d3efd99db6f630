// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;
using Sticky.Host.Docker.Client;
using Sticky.Host.Docker.Labels;

namespace Sticky.Host.Docker.Discovery;

/// <summary>
/// Reads the daemon once and returns a complete <see cref="DockerListing"/>, in swarm or standalone mode.
/// Throws (usually <see cref="DockerApiException"/>) when the daemon cannot give a complete answer, so
/// the caller keeps its last good listing instead of publishing a partial one.
/// </summary>
internal sealed class DockerDiscovery
{
    private readonly IDockerApi _api;
    private readonly bool _swarmMode;
    private readonly string? _hostname;
    private readonly SwarmDiscovery _swarm;
    private readonly ContainerDiscovery _containers;

    /// <param name="api">The daemon.</param>
    /// <param name="options">The provider options (mode, network, exposedByDefault).</param>
    /// <param name="hostname">
    /// <c>HOSTNAME</c>: in a container it is the container ID prefix, which finds the balancer's own
    /// networks; on the host it matches no container.
    /// </param>
    /// <param name="validateRule">Optional rule validation; see <see cref="LabelParser"/>.</param>
    public DockerDiscovery(IDockerApi api, DockerProviderOptions options, string? hostname, Func<string, string?>? validateRule = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(options);
        _api = api;
        _swarmMode = options.SwarmMode;
        _hostname = string.IsNullOrWhiteSpace(hostname) ? null : hostname.Trim();
        var parser = new LabelParser(options.ExposedByDefault, validateRule);
        _swarm = new SwarmDiscovery(api, parser, options.Network);
        _containers = new ContainerDiscovery(api, parser, options.Network);
    }

    public async Task<DockerListing> ListAsync(CancellationToken cancellationToken)
    {
        if (_swarmMode)
        {
            await EnsureSwarmManagerAsync(cancellationToken);
        }

        var own = await FindOwnContainerAsync(cancellationToken);
        return _swarmMode
            ? await _swarm.ListAsync(own, cancellationToken)
            : await _containers.ListAsync(own, cancellationToken);
    }

    private async Task EnsureSwarmManagerAsync(CancellationToken cancellationToken)
    {
        var info = await _api.GetInfoAsync(cancellationToken);
        var state = info.Swarm?.LocalNodeState;
        if (!string.Equals(state, "active", StringComparison.OrdinalIgnoreCase))
        {
            throw new DockerApiException("GET /info", HttpStatusCode.OK, info.Swarm?.Error,
                state == "inactive"
                    ? $"swarm mode is on, but the Docker daemon at {_api.Endpoint} is not part of a swarm right now (LocalNodeState=inactive): the daemon may be restarting, or this node needs 'docker swarm init'"
                    : $"swarm mode is on, but the Docker daemon at {_api.Endpoint} is not part of a swarm (LocalNodeState={state ?? "unknown"}); run 'docker swarm init' or turn swarm mode off");
        }

        if (!info.Swarm!.ControlAvailable)
        {
            throw new DockerApiException("GET /info", HttpStatusCode.OK, null,
                $"the Docker daemon at {_api.Endpoint} is a swarm worker (node {info.Swarm.NodeID}); only managers can list services: run Sticky on a manager (--constraint 'node.role == manager')");
        }
    }

    private async Task<OwnContainer?> FindOwnContainerAsync(CancellationToken cancellationToken)
    {
        if (_hostname is null)
        {
            return null;
        }

        var container = await _api.InspectContainerAsync(_hostname, cancellationToken);

        // Inspect also resolves names and ID prefixes; only a container whose ID starts with our hostname,
        // or whose configured hostname is ours, is really the one we run in.
        if (container is null
            || !(container.Id.StartsWith(_hostname, StringComparison.OrdinalIgnoreCase)
                 || string.Equals(container.Config?.Hostname, _hostname, StringComparison.Ordinal)))
        {
            return null;
        }

        var networks = (container.NetworkSettings?.Networks?.Values ?? Enumerable.Empty<Client.Models.ContainerEndpoint>())
            .Select(static n => n.NetworkID)
            .OfType<string>()
            .Where(static id => id.Length > 0)
            .ToHashSet(StringComparer.Ordinal);
        return new OwnContainer(container.Id, networks);
    }
}
