// Licensed under the MIT License. See LICENSE in the repository root.

using System.Collections.Frozen;
using Sticky.Routing;

namespace Sticky.Proxy;

/// <summary>
/// The whole routing state at one point in time. Built off the request path, published with one
/// reference write, never mutated: a request reads one snapshot from start to end.
/// </summary>
internal sealed class RoutingSnapshot
{
    public static readonly RoutingSnapshot Empty = new(
        0,
        DateTimeOffset.MinValue,
        FrozenDictionary<string, ServiceRuntime>.Empty,
        RouteTable<ServiceRuntime>.Build([]),
        []);

    public RoutingSnapshot(
        long generation,
        DateTimeOffset createdAt,
        FrozenDictionary<string, ServiceRuntime> services,
        RouteTable<ServiceRuntime> routes,
        IReadOnlyList<string> errors)
    {
        Generation = generation;
        CreatedAt = createdAt;
        Services = services;
        Routes = routes;
        Errors = errors;
    }

    public long Generation { get; }

    public DateTimeOffset CreatedAt { get; }

    public FrozenDictionary<string, ServiceRuntime> Services { get; }

    public RouteTable<ServiceRuntime> Routes { get; }

    /// <summary>When the next draining backend's drain timeout ends; the routing state rebuilds then.</summary>
    public DateTimeOffset? NextDrainExpiry { get; init; }

    /// <summary>Problems found while building: services or backends that were skipped or kept stale, and why.</summary>
    public IReadOnlyList<string> Errors { get; }
}
