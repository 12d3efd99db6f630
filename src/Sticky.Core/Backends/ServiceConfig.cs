// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Affinity;
using Sticky.Health;

namespace Sticky.Backends;

/// <summary>
/// A routable service: a rule that selects requests and the backends that serve them.
/// </summary>
public sealed record ServiceConfig
{
    /// <summary>The unique service name, for example <c>whoami-service</c>.</summary>
    public required string Name { get; init; }

    /// <summary>
    /// A Traefik v1 (<c>PathPrefix:/api;Host:a.com</c>) or v2 (<c>Host(`a.com`) &amp;&amp; PathPrefix(`/api`)</c>)
    /// rule. <see langword="null"/> or empty matches every request, with the lowest priority.
    /// </summary>
    public string? Rule { get; init; }

    /// <summary>
    /// Explicit priority; higher wins. 0 (the default) orders by rule length, longest first, as Traefik does.
    /// </summary>
    public int Priority { get; init; }

    /// <summary>The servers of the service.</summary>
    public IReadOnlyList<BackendConfig> Backends { get; init; } = [];

    /// <summary>
    /// The affinity cookie settings. <see langword="null"/> disables sticky sessions for this service.
    /// </summary>
    public AffinityCookieConfig? Affinity { get; init; }

    /// <summary>
    /// The name of the load-balancing policy for new clients; see <see cref="Balancing.LoadBalancingPolicies"/>.
    /// Defaults to smooth weighted round-robin.
    /// </summary>
    public string? LoadBalancingPolicy { get; init; }

    /// <summary>Active health check settings; <see langword="null"/> disables active probing.</summary>
    public HealthCheckConfig? HealthCheck { get; init; }
}
