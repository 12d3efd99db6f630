// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Providers;

/// <summary>
/// A source of services and backends: configuration, Docker, or a registry of your own. Sticky reads
/// <see cref="GetSnapshot"/> at start and again whenever the snapshot's change token fires, merges the
/// services of all providers and swaps the routing table atomically.
/// </summary>
/// <remarks>
/// A provider that fails to refresh should keep returning its last good snapshot (with
/// <see cref="ProviderSnapshot.Error"/> set) rather than an empty one: an empty list removes every service.
/// </remarks>
public interface IBackendProvider
{
    /// <summary>A short name used in logs and the API, for example <c>configuration</c> or <c>docker</c>.</summary>
    string Name { get; }

    /// <summary>Returns the current services. Called on the configuration thread, never per request.</summary>
    ProviderSnapshot GetSnapshot();
}
