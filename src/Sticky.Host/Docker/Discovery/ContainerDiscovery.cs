// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Backends;
using Sticky.Host.Docker.Client;
using Sticky.Host.Docker.Client.Models;
using Sticky.Host.Docker.Labels;

namespace Sticky.Host.Docker.Discovery;

/// <summary>
/// Standalone mode: running containers with labels. Containers are grouped into one service by the
/// <c>sticky.service</c> / <c>traefik.backend</c> label, else by Compose service and project (as Traefik v1
/// does), else each container is its own service. The service settings come from the ordinal-first
/// container of a group; every container contributes a backend with its own weight.
/// </summary>
internal sealed class ContainerDiscovery
{
    private const string ComposeServiceLabel = "com.docker.compose.service";
    private const string ComposeProjectLabel = "com.docker.compose.project";

    private readonly IDockerApi _api;
    private readonly LabelParser _parser;
    private readonly string? _configuredNetwork;

    public ContainerDiscovery(IDockerApi api, LabelParser parser, string? configuredNetwork)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(parser);
        _api = api;
        _parser = parser;
        _configuredNetwork = configuredNetwork;
    }

    public async Task<DockerListing> ListAsync(OwnContainer? own, CancellationToken cancellationToken)
    {
        var containers = await _api.ListContainersAsync(cancellationToken);
        var errors = new List<LabelError>();
        var warnings = new List<string>();
        var groups = new SortedDictionary<string, List<(string Container, ServiceLabels Labels, BackendConfig Backend)>>(StringComparer.Ordinal);

        foreach (var container in containers.OrderBy(ContainerName, StringComparer.Ordinal))
        {
            var name = ContainerName(container);
            var parsed = _parser.Parse(name, container.Labels);
            warnings.AddRange(parsed.Warnings);
            errors.AddRange(parsed.Errors);
            if (parsed.Labels is not { } labels)
            {
                continue;
            }

            if (Port(container, labels, name, errors) is not { } port)
            {
                continue;
            }

            var attached = Networks(container);
            var choice = NetworkSelector.Select(name, labels, _configuredNetwork, attached, own?.NetworkIds, stackNamespace: null);
            if (choice.Warning is not null)
            {
                warnings.Add(choice.Warning);
            }

            if (choice.Network is not { } network)
            {
                errors.Add(choice.Error!);
                continue;
            }

            var endpoint = container.NetworkSettings?.Networks?.Values.FirstOrDefault(e => e.NetworkID == network.Id);
            if (BackendAddress.ParseIp(endpoint?.IPAddress) is not { } ip)
            {
                errors.Add(new LabelError(name, labels.NetworkLabel, network.Name, "the container has no IP address on this network (host or none network mode?)"));
                continue;
            }

            var serviceName = labels.ServiceName ?? ComposeName(container) ?? name;
            if (!groups.TryGetValue(serviceName, out var group))
            {
                groups[serviceName] = group = [];
            }

            group.Add((name, labels, new BackendConfig
            {
                Url = BackendAddress.Url(labels.Scheme, ip, port),
                Name = name,
                Weight = labels.Weight,
            }));
        }

        var services = new List<ServiceConfig>(groups.Count);
        foreach (var (serviceName, members) in groups)
        {
            var first = members[0];
            var differing = members.Skip(1).Where(m => !SameServiceSettings(m.Labels, first.Labels)).Select(static m => m.Container).ToList();
            if (differing.Count > 0)
            {
                warnings.Add($"service '{serviceName}': containers {string.Join(", ", differing)} have labels that differ from '{first.Container}'; its settings are used");
            }

            services.Add(ServiceConfigFactory.Create(serviceName, first.Labels, members.Select(static m => m.Backend)));
        }

        return new DockerListing { Services = services, Errors = errors, Warnings = warnings };
    }

    private static int? Port(ContainerSummary container, ServiceLabels labels, string name, List<LabelError> errors)
    {
        if (labels.Port is { } port)
        {
            return port;
        }

        // As Traefik does: a container that exposes exactly one port is reached on it.
        var exposed = (container.Ports ?? [])
            .Where(static p => p.Type is null or "tcp" && p.PrivatePort > 0)
            .Select(static p => p.PrivatePort)
            .Distinct()
            .ToList();
        if (exposed.Count == 1)
        {
            return exposed[0];
        }

        if (labels.Dialect != LabelDialect.None)
        {
            var reason = exposed.Count == 0
                ? "no port: the container exposes none; set this label"
                : $"no port: the container exposes {string.Join(", ", exposed.Order())}; set this label to choose";
            errors.Add(new LabelError(name, labels.PortLabel, string.Empty, reason));
        }

        return null;
    }

    private static List<NetworkRef> Networks(ContainerSummary container) =>
    [
        .. (container.NetworkSettings?.Networks ?? [])
            .Where(static n => !string.IsNullOrEmpty(n.Value.NetworkID))
            .Select(static n => new NetworkRef(n.Value.NetworkID!, n.Key, Ingress: n.Key == "ingress")),
    ];

    private static string ContainerName(ContainerSummary container) =>
        container.Names?.FirstOrDefault()?.TrimStart('/') is { Length: > 0 } name ? name : container.Id;

    private static string? ComposeName(ContainerSummary container) =>
        container.Labels?.GetValueOrDefault(ComposeServiceLabel) is { Length: > 0 } service
            ? container.Labels.GetValueOrDefault(ComposeProjectLabel) is { Length: > 0 } project ? $"{service}_{project}" : service
            : null;

    private static bool SameServiceSettings(ServiceLabels a, ServiceLabels b) =>
        a with { Weight = 0, Port = null, Network = null } == b with { Weight = 0, Port = null, Network = null };
}
