// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Admin.Changes;

/// <summary>One routing table change: what a new generation added, removed or changed against the previous one.</summary>
/// <param name="Generation">The generation of the new routing table.</param>
/// <param name="Time">When the new table was built.</param>
/// <param name="Summary">One line for people, for example <c>web: +1 backend, -1 backend</c>.</param>
/// <param name="Services">The number of services in the new table.</param>
/// <param name="Backends">The number of backends in the new table.</param>
/// <param name="Items">The individual changes, services first; at most <see cref="RoutingChangeLog.MaxItemsPerChange"/>.</param>
/// <param name="Truncated">Whether more changes happened than <see cref="Items"/> lists.</param>
internal sealed record RoutingChange(long Generation, DateTimeOffset Time, string Summary, int Services, int Backends, IReadOnlyList<RoutingChangeItem> Items, bool Truncated);

/// <summary>One added, removed or changed service or backend.</summary>
/// <param name="Kind">One of the <see cref="RoutingChangeKinds"/>.</param>
/// <param name="Service">The service name.</param>
/// <param name="Backend">The backend id (its normalized URL) for backend changes, otherwise <see langword="null"/>.</param>
/// <param name="Detail">What changed, for example <c>weight 1 → 2</c>; empty when there is nothing to add.</param>
internal sealed record RoutingChangeItem(string Kind, string Service, string? Backend, string Detail);

/// <summary>The values of <see cref="RoutingChangeItem.Kind"/>.</summary>
internal static class RoutingChangeKinds
{
    public const string ServiceAdded = "serviceAdded";
    public const string ServiceRemoved = "serviceRemoved";
    public const string ServiceChanged = "serviceChanged";
    public const string BackendAdded = "backendAdded";
    public const string BackendRemoved = "backendRemoved";
    public const string BackendChanged = "backendChanged";
}
