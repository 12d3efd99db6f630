// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Backends;
using Sticky.Host.Docker.Labels;

namespace Sticky.Host.Docker.Discovery;

/// <summary>Assembles a <see cref="ServiceConfig"/> from parsed labels and discovered backends.</summary>
internal static class ServiceConfigFactory
{
    public static ServiceConfig Create(string name, ServiceLabels labels, IEnumerable<BackendConfig> backends) => new()
    {
        Name = name,
        Rule = labels.Rule,
        Priority = labels.Priority,
        Backends = Normalize(backends),
        Affinity = labels.Affinity,
        LoadBalancingPolicy = labels.LoadBalancingPolicy,
        HealthCheck = labels.HealthCheck,
    };

    /// <summary>
    /// Sorts by URL so that equal listings compare equal, and keeps one backend per URL (a serving one
    /// over a draining one) because the URL is the backend's identity.
    /// </summary>
    public static IReadOnlyList<BackendConfig> Normalize(IEnumerable<BackendConfig> backends) =>
    [
        .. backends
            .GroupBy(static b => b.Url, StringComparer.Ordinal)
            .Select(static g => g.OrderBy(static b => b.Draining).ThenBy(static b => b.Name, StringComparer.Ordinal).First())
            .OrderBy(static b => b.Url, StringComparer.Ordinal),
    ];
}
