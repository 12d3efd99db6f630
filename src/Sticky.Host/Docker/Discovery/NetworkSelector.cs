// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Host.Docker.Labels;

namespace Sticky.Host.Docker.Discovery;

/// <summary>
/// Picks the network a service is reached on: its label, else the configured default (when the service
/// is on it), else the single network the balancer's container shares with it, else its single network.
/// With several candidates it takes the ordinal-first name and says so; Traefik picks one at random.
/// </summary>
internal static class NetworkSelector
{
    /// <param name="service">The service name, for messages.</param>
    /// <param name="labels">The service's labels (network label and its key).</param>
    /// <param name="configuredNetwork">The provider's default network, or <see langword="null"/>.</param>
    /// <param name="attached">The networks the service (or container) is attached to.</param>
    /// <param name="ownNetworkIds">The networks of the balancer's own container; <see langword="null"/> when it runs on the host.</param>
    /// <param name="stackNamespace">The <c>com.docker.stack.namespace</c> label: a stack's <c>backend</c> network is <c>&lt;stack&gt;_backend</c>.</param>
    public static NetworkChoice Select(
        string service,
        ServiceLabels labels,
        string? configuredNetwork,
        IReadOnlyList<NetworkRef> attached,
        IReadOnlyCollection<string>? ownNetworkIds,
        string? stackNamespace)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(attached);

        if (labels.Network is { } wanted)
        {
            if (Find(attached, wanted, stackNamespace) is { } labelled)
            {
                return new NetworkChoice(labelled, NetworkChoiceReason.Label);
            }

            var reason = attached.Count == 0
                ? "the service is attached to no network"
                : $"the service is not attached to this network; it is attached to {Names(attached)}";
            return new NetworkChoice(null, NetworkChoiceReason.None, new LabelError(service, labels.NetworkLabel, wanted, reason));
        }

        if (configuredNetwork is not null && Find(attached, configuredNetwork, stackNamespace) is { } configured)
        {
            return new NetworkChoice(configured, NetworkChoiceReason.Configured);
        }

        var candidates = attached
            .Where(static n => !n.Ingress)
            .DistinctBy(static n => n.Id)
            .OrderBy(static n => n.Name, StringComparer.Ordinal)
            .ToList();

        if (ownNetworkIds is { Count: > 0 })
        {
            var shared = candidates.Where(n => ownNetworkIds.Contains(n.Id)).ToList();
            if (shared.Count == 1)
            {
                return new NetworkChoice(shared[0], NetworkChoiceReason.SharedWithBalancer);
            }

            if (shared.Count > 1)
            {
                return Ambiguous(service, labels, shared, "the balancer shares several networks with it");
            }
        }

        return candidates.Count switch
        {
            1 => new NetworkChoice(candidates[0], NetworkChoiceReason.OnlyNetwork),
            0 => new NetworkChoice(null, NetworkChoiceReason.None, new LabelError(
                service,
                labels.NetworkLabel,
                string.Empty,
                attached.Count == 0
                    ? "the service is attached to no network the balancer can reach; attach it to an overlay network and name it in this label"
                    : $"the service is only on {Names(attached)}, which is never chosen automatically; attach it to an overlay network or name a network in this label")),
            _ => Ambiguous(service, labels, candidates, "it is attached to several networks"),
        };
    }

    private static NetworkChoice Ambiguous(string service, ServiceLabels labels, List<NetworkRef> candidates, string why) =>
        new(
            candidates[0],
            NetworkChoiceReason.FirstOfSeveral,
            Warning: $"service '{service}': {why} ({Names(candidates)}); using '{candidates[0].Name}'. Set {labels.NetworkLabel} to choose explicitly");

    private static NetworkRef? Find(IReadOnlyList<NetworkRef> attached, string nameOrId, string? stackNamespace)
    {
        var match = attached.FirstOrDefault(n => n.Matches(nameOrId));
        if (match is null && !string.IsNullOrEmpty(stackNamespace))
        {
            var qualified = stackNamespace + "_" + nameOrId;
            match = attached.FirstOrDefault(n => n.Matches(qualified));
        }

        return match;
    }

    private static string Names(IEnumerable<NetworkRef> networks) =>
        string.Join(", ", networks.Select(static n => $"'{n.Name}'").Order(StringComparer.Ordinal));
}
