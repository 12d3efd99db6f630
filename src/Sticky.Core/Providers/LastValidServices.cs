// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Backends;

namespace Sticky.Providers;

/// <summary>
/// The last valid version of each service, for a provider that re-reads its whole source on every change
/// (configuration, the services file): a typo in a rewrite must not take a working service down.
/// </summary>
/// <remarks>Not thread-safe: a provider completes one read at a time.</remarks>
internal sealed class LastValidServices
{
    private readonly Dictionary<string, ServiceConfig> _services = new(StringComparer.Ordinal);

    public int Count => _services.Count;

    /// <summary>Every service as last read, for a read that failed as a whole.</summary>
    public List<ServiceConfig> ToList() => [.. _services.Values];

    /// <summary>
    /// Completes a read: each service in <paramref name="failed"/> that was valid before goes back into
    /// <paramref name="services"/> in its last valid version, then the read's services become the last valid
    /// ones, so a service removed from the source is forgotten. Returns the failed services that were kept.
    /// </summary>
    public HashSet<string> Complete(List<ServiceConfig> services, IEnumerable<string> failed)
    {
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in failed)
        {
            if (_services.TryGetValue(name, out var previous))
            {
                services.Add(previous);
                kept.Add(name);
            }
        }

        _services.Clear();
        foreach (var service in services)
        {
            _services[service.Name] = service;
        }

        return kept;
    }
}
