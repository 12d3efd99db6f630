// Licensed under the MIT License. See LICENSE in the repository root.

using System.Globalization;
using Sticky.Backends;
using Sticky.Host.Docker.Client;
using Sticky.Host.Docker.Client.Models;
using Sticky.Host.Docker.Labels;

namespace Sticky.Host.Docker.Discovery;

/// <summary>
/// Swarm mode: each labelled service becomes a Sticky service whose backends are its running tasks,
/// addressed by their IP on the chosen network. A task the orchestrator is retiring (desired state
/// <c>shutdown</c> or <c>remove</c>) while it still runs becomes a draining backend, so its pinned clients
/// finish their work.
/// </summary>
internal sealed class SwarmDiscovery
{
    private const string StackNamespaceLabel = "com.docker.stack.namespace";

    private static readonly HashSet<string> s_startingStates = new(StringComparer.Ordinal)
    {
        "new", "allocated", "pending", "assigned", "accepted", "preparing", "ready", "starting",
    };

    private readonly IDockerApi _api;
    private readonly LabelParser _parser;
    private readonly string? _configuredNetwork;

    public SwarmDiscovery(IDockerApi api, LabelParser parser, string? configuredNetwork)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(parser);
        _api = api;
        _parser = parser;
        _configuredNetwork = configuredNetwork;
    }

    public async Task<DockerListing> ListAsync(OwnContainer? own, CancellationToken cancellationToken)
    {
        var services = await _api.ListServicesAsync(cancellationToken);
        var errors = new List<LabelError>();
        var warnings = new List<string>();
        var candidates = new List<(SwarmService Service, string Name, ServiceLabels Labels)>();

        foreach (var service in services.OrderBy(static s => s.Spec?.Name ?? s.ID, StringComparer.Ordinal))
        {
            var name = service.Spec?.Name ?? service.ID;
            var parsed = _parser.Parse(name, service.Spec?.Labels);
            warnings.AddRange(parsed.Warnings);
            errors.AddRange(parsed.Errors);
            if (parsed.Labels is { } labels)
            {
                candidates.Add((service, name, labels));
            }
        }

        if (candidates.Count == 0)
        {
            return new DockerListing { Services = [], Errors = errors, Warnings = warnings };
        }

        var networks = await _api.ListNetworksAsync(cancellationToken);
        var tasks = await _api.ListTasksAsync([.. candidates.Select(static c => c.Service.ID)], desiredStates: null, cancellationToken);
        var tasksByService = tasks.ToLookup(static t => t.ServiceID ?? string.Empty, StringComparer.Ordinal);

        var result = new List<ServiceConfig>();
        var pending = false;
        foreach (var (service, name, labels) in candidates)
        {
            var serviceTasks = tasksByService[service.ID].ToList();
            pending |= serviceTasks.Any(static t => t.DesiredState == "running" && s_startingStates.Contains(t.Status?.State ?? "new"));

            // During a rolling update the next task to retire may be replaced on another node, whose events
            // never reach this manager: keep re-reading quickly until the update is over.
            pending |= service.UpdateStatus?.State is "updating" or "rollback_started";
            pending |= serviceTasks.Any(static t => t.DesiredState is "ready" || (t.DesiredState is "shutdown" or "remove" && t.Status?.State == "running"));

            if (labels.Port is null)
            {
                // A service with no Sticky or Traefik labels at all is simply not for us; only a service
                // that asked to be balanced and forgot its port deserves an error.
                if (labels.Dialect != LabelDialect.None)
                {
                    errors.Add(new LabelError(name, labels.PortLabel, string.Empty, "no port: set this label to the port the tasks listen on (Swarm does not report it)"));
                }

                continue;
            }

            var attached = AttachedNetworks(service, serviceTasks, networks);
            var stack = service.Spec?.Labels?.GetValueOrDefault(StackNamespaceLabel);
            var choice = NetworkSelector.Select(name, labels, _configuredNetwork, attached, own?.NetworkIds, stack);
            if (choice.Warning is not null)
            {
                warnings.Add(choice.Warning);
            }

            if (choice.Network is not { } network)
            {
                errors.Add(choice.Error!);
                continue;
            }

            if (labels.UseSwarmLoadBalancer)
            {
                if (VirtualIpBackend(service, name, labels, network, errors) is { } vip)
                {
                    if (labels.Affinity is not null)
                    {
                        warnings.Add($"service '{name}': sticky sessions are meaningless with the Swarm load balancer: the virtual IP spreads connections over the tasks itself");
                    }

                    result.Add(ServiceConfigFactory.Create(name, labels, [vip]));
                }

                continue;
            }

            result.Add(ServiceConfigFactory.Create(name, labels, TaskBackends(name, labels, network, serviceTasks, warnings)));
        }

        return new DockerListing
        {
            Services = result,
            Errors = errors,
            Warnings = warnings,
            HasPendingTasks = pending,
        };
    }

    private static List<BackendConfig> TaskBackends(string name, ServiceLabels labels, NetworkRef network, List<SwarmTask> tasks, List<string> warnings)
    {
        var backends = new List<BackendConfig>();
        foreach (var task in tasks)
        {
            if (task.Status?.State != "running")
            {
                continue;
            }

            var address = task.NetworksAttachments?
                .FirstOrDefault(a => a.Network?.ID == network.Id)?
                .Addresses?
                .Select(BackendAddress.ParseIp)
                .FirstOrDefault(static ip => ip is not null);
            if (address is null)
            {
                // Tasks on host, bridge or macvlan networks have no address Swarm reports: say so, or the
                // service silently has no servers.
                warnings.Add($"service '{name}': running task {task.ID} has no address on network '{network.Name}'; use an overlay network to reach its tasks");
                continue;
            }

            var slot = task.Slot is { } s ? s.ToString(CultureInfo.InvariantCulture) : task.NodeID ?? "0";
            backends.Add(new BackendConfig
            {
                Url = BackendAddress.Url(labels.Scheme, address, labels.Port!.Value),
                Name = $"{name}.{slot}.{task.ID}",
                Weight = labels.Weight,
                Draining = task.DesiredState != "running",
            });
        }

        return backends;
    }

    private static BackendConfig? VirtualIpBackend(SwarmService service, string name, ServiceLabels labels, NetworkRef network, List<LabelError> errors)
    {
        var vip = service.Endpoint?.VirtualIPs?
            .Where(v => v.NetworkID == network.Id)
            .Select(static v => BackendAddress.ParseIp(v.Addr))
            .FirstOrDefault(static ip => ip is not null);
        if (vip is null)
        {
            var label = labels.Dialect switch
            {
                LabelDialect.Native => NativeLabels.SwarmLoadBalancer,
                LabelDialect.TraefikV2 => TraefikV2Labels.SwarmLoadBalancer,
                _ => TraefikV1Labels.SwarmLoadBalancer,
            };
            errors.Add(new LabelError(name, label, "true", $"the service has no virtual IP on network '{network.Name}' (is its endpoint mode dnsrr?)"));
            return null;
        }

        return new BackendConfig
        {
            Url = BackendAddress.Url(labels.Scheme, vip, labels.Port!.Value),
            Name = $"{name}.vip",
            Weight = labels.Weight,
        };
    }

    private static List<NetworkRef> AttachedNetworks(SwarmService service, List<SwarmTask> tasks, IReadOnlyList<DockerNetwork> networks)
    {
        var known = networks.ToDictionary(static n => n.Id, StringComparer.Ordinal);
        var result = new Dictionary<string, NetworkRef>(StringComparer.Ordinal);

        void Add(string? id, string? name, bool ingress)
        {
            if (string.IsNullOrEmpty(id) || result.ContainsKey(id))
            {
                return;
            }

            result[id] = known.TryGetValue(id, out var n)
                ? new NetworkRef(id, n.Name ?? id, n.Ingress || ingress)
                : new NetworkRef(id, name ?? id, ingress);
        }

        foreach (var target in service.Spec?.TaskTemplate?.Networks ?? [])
        {
            Add(target.Target, null, false);
        }

        foreach (var vip in service.Endpoint?.VirtualIPs ?? [])
        {
            Add(vip.NetworkID, null, false);
        }

        foreach (var attachment in tasks.SelectMany(static t => t.NetworksAttachments ?? []))
        {
            Add(attachment.Network?.ID, attachment.Network?.Spec?.Name, attachment.Network?.Spec?.Ingress ?? false);
        }

        return [.. result.Values];
    }
}
