// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Backends;

namespace Sticky.Host.Docker.Discovery;

/// <summary>Compares two lists of services: which services and backends were added, removed or changed.</summary>
internal static class ListingDiff
{
    // One shared empty list, so that comparing services "without their backends" compares equal references.
    private static readonly BackendConfig[] s_noBackends = [];

    public static ListingChanges Compute(IReadOnlyList<ServiceConfig> before, IReadOnlyList<ServiceConfig> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);

        var old = ByName(before);
        var current = ByName(after);
        var added = new List<ServiceConfig>();
        var changed = new List<ServiceConfig>();
        var addedBackends = new List<BackendChange>();
        var removedBackends = new List<BackendChange>();
        var changedBackends = new List<BackendChange>();

        foreach (var (name, service) in current)
        {
            if (!old.TryGetValue(name, out var previous))
            {
                added.Add(service);
                continue;
            }

            if (!SameSettings(previous, service))
            {
                changed.Add(service);
            }

            CompareBackends(name, previous.Backends, service.Backends, addedBackends, removedBackends, changedBackends);
        }

        var removed = old.Where(o => !current.ContainsKey(o.Key)).Select(static o => o.Value).ToList();
        if (added.Count == 0 && removed.Count == 0 && changed.Count == 0
            && addedBackends.Count == 0 && removedBackends.Count == 0 && changedBackends.Count == 0)
        {
            return ListingChanges.None;
        }

        return new ListingChanges
        {
            AddedServices = added,
            RemovedServices = removed,
            ChangedServices = changed,
            AddedBackends = addedBackends,
            RemovedBackends = removedBackends,
            ChangedBackends = changedBackends,
        };
    }

    /// <summary>Whether two services are equal, settings and backends; records alone compare lists by reference.</summary>
    public static bool Equal(ServiceConfig a, ServiceConfig b) =>
        SameSettings(a, b) && a.Backends.Count == b.Backends.Count && a.Backends.SequenceEqual(b.Backends);

    private static bool SameSettings(ServiceConfig a, ServiceConfig b) =>
        a with { Backends = s_noBackends } == b with { Backends = s_noBackends };

    private static void CompareBackends(
        string service,
        IReadOnlyList<BackendConfig> before,
        IReadOnlyList<BackendConfig> after,
        List<BackendChange> added,
        List<BackendChange> removed,
        List<BackendChange> changed)
    {
        var old = before.DistinctBy(static b => b.Url).ToDictionary(static b => b.Url, StringComparer.Ordinal);
        var current = after.DistinctBy(static b => b.Url).ToDictionary(static b => b.Url, StringComparer.Ordinal);
        foreach (var backend in after)
        {
            if (!old.TryGetValue(backend.Url, out var previous))
            {
                added.Add(new BackendChange(service, null, backend));
            }
            else if (previous != backend)
            {
                changed.Add(new BackendChange(service, previous, backend));
            }
        }

        foreach (var backend in before)
        {
            if (!current.ContainsKey(backend.Url))
            {
                removed.Add(new BackendChange(service, backend, null));
            }
        }
    }

    private static SortedDictionary<string, ServiceConfig> ByName(IReadOnlyList<ServiceConfig> services)
    {
        var result = new SortedDictionary<string, ServiceConfig>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            result.TryAdd(service.Name, service);
        }

        return result;
    }
}
