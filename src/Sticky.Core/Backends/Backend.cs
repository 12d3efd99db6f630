// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Backends;

/// <summary>
/// A backend of one routing snapshot: its immutable configuration plus a view of its live state.
/// Load-balancing policies receive these.
/// </summary>
public sealed class Backend
{
    internal Backend(string serviceName, int index, BackendConfig config, Uri url, string id, BackendState state, bool drainExpired = false)
    {
        DrainExpired = drainExpired;
        Index = index;
        ServiceName = serviceName;
        Config = config;
        Url = url;
        Id = id;
        State = state;
        Name = config.Name ?? id;
    }

    /// <summary>The service this backend belongs to.</summary>
    public string ServiceName { get; }

    /// <summary>The configuration the provider supplied.</summary>
    public BackendConfig Config { get; }

    /// <summary>The normalized base URL.</summary>
    public Uri Url { get; }

    /// <summary>
    /// The identity: the normalized URL as text (<c>scheme://host:port</c> plus any base path, no trailing slash).
    /// </summary>
    public string Id { get; }

    /// <summary>The display name.</summary>
    public string Name { get; }

    /// <summary>The configured weight.</summary>
    public int Weight => Config.Weight;

    /// <summary>
    /// Whether the backend is draining (its provider says so, or an operator asked): it keeps pinned clients
    /// and takes no new ones, until the drain timeout ends the pins too.
    /// </summary>
    public bool IsDraining => Config.Draining || State.DrainRequested;

    /// <summary>The current health.</summary>
    public BackendHealth Health => State.Health;

    /// <summary>The number of requests being forwarded to this backend right now.</summary>
    public int InFlight => State.InFlight;

    /// <summary>
    /// Whether the backend may serve requests at all: it is not known to be unhealthy, and if it is draining,
    /// its drain timeout has not passed.
    /// </summary>
    public bool IsAvailable => State.Health != BackendHealth.Unhealthy && !DrainExpired;

    /// <summary>Whether the backend may receive new clients: available, not draining and with a weight above 0.</summary>
    public bool AcceptsNewClients => Config.Weight > 0 && !IsDraining && IsAvailable;

    /// <summary>The backend has drained for longer than the drain timeout: its remaining pins move elsewhere.</summary>
    internal bool DrainExpired { get; init; }

    internal BackendState State { get; }

    /// <summary>The position of this backend in its service's backend list of the same snapshot.</summary>
    internal int Index { get; }

    /// <summary>Creates a backend outside a routing snapshot, for tests and benchmarks.</summary>
    internal static Backend Create(string serviceName, int index, BackendConfig config, BackendState? state = null)
    {
        var url = BackendUrl.Normalize(config.Url, out var id);
        return new Backend(serviceName, index, config, url, id, state ?? new BackendState());
    }

    /// <inheritdoc/>
    public override string ToString() => Name == Id ? Id : $"{Name} ({Id})";
}
