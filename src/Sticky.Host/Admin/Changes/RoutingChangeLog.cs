// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Proxy;

namespace Sticky.Host.Admin.Changes;

/// <summary>
/// The last <see cref="Capacity"/> routing table changes, newest first. Each published snapshot is compared
/// with the one before it; a rebuild that changed nothing (a provider re-sent the same services) is not
/// recorded. Health changes are runtime state, not configuration, and are not listed here.
/// </summary>
internal sealed class RoutingChangeLog : IDisposable
{
    public const int Capacity = 50;

    /// <summary>Bounds one entry, so adding a service with thousands of backends stays a small record.</summary>
    public const int MaxItemsPerChange = 100;

    private readonly RoutingState _state;
    private readonly Lock _gate = new();
    private readonly RoutingChange?[] _ring = new RoutingChange?[Capacity];
    private int _next;
    private int _count;
    private RoutingSnapshot _previous = RoutingSnapshot.Empty;

    public RoutingChangeLog(RoutingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _state = state;
        state.Changed += Record;

        // Created after the first build (an embedding app that asks late): record what is there as the start.
        Record(state.Current);
    }

    /// <summary>The recorded changes, newest first.</summary>
    public IReadOnlyList<RoutingChange> Changes
    {
        get
        {
            lock (_gate)
            {
                var changes = new RoutingChange[_count];
                for (var i = 0; i < _count; i++)
                {
                    changes[i] = _ring[(_next - 1 - i + Capacity) % Capacity]!;
                }

                return changes;
            }
        }
    }

    public void Dispose() => _state.Changed -= Record;

    // Runs on the thread that built the snapshot, inside its rebuild lock: it must be quick and never throw.
    private void Record(RoutingSnapshot snapshot)
    {
        lock (_gate)
        {
            if (snapshot.Generation <= _previous.Generation)
            {
                return;
            }

            var items = SnapshotDiff.Compare(_previous, snapshot);
            var initial = _previous.Generation == 0;
            _previous = snapshot;
            if (items.Count == 0 && !initial)
            {
                return;
            }

            var backends = 0;
            foreach (var service in snapshot.Services.Values)
            {
                backends += service.Backends.Length;
            }

            var summary = initial
                ? $"Initial configuration: {Plural(snapshot.Services.Count, "service")}, {Plural(backends, "backend")}"
                : Summarize(items);
            var truncated = items.Count > MaxItemsPerChange;
            var kept = truncated ? items.GetRange(0, MaxItemsPerChange) : items;
            _ring[_next] = new RoutingChange(snapshot.Generation, snapshot.CreatedAt, summary, snapshot.Services.Count, backends, kept, truncated);
            _next = (_next + 1) % Capacity;
            _count = Math.Min(_count + 1, Capacity);
        }
    }

    private static string Summarize(List<RoutingChangeItem> items)
    {
        // One phrase per service, in the order the diff lists them.
        var phrases = new List<string>();
        var added = new HashSet<string>(StringComparer.Ordinal);
        var perService = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var item in items)
        {
            switch (item.Kind)
            {
                case RoutingChangeKinds.ServiceAdded:
                    added.Add(item.Service);
                    phrases.Add($"{item.Service} added");
                    continue;
                case RoutingChangeKinds.ServiceRemoved:
                    phrases.Add($"{item.Service} removed");
                    continue;
                case RoutingChangeKinds.BackendAdded when added.Contains(item.Service):
                    continue;
            }

            if (!perService.TryGetValue(item.Service, out var counts))
            {
                counts = new int[4];
                perService[item.Service] = counts;
                order.Add(item.Service);
            }

            counts[item.Kind switch
            {
                RoutingChangeKinds.BackendAdded => 0,
                RoutingChangeKinds.BackendRemoved => 1,
                RoutingChangeKinds.BackendChanged => 2,
                _ => 3,
            }]++;
        }

        foreach (var service in order)
        {
            var counts = perService[service];
            var parts = new List<string>(4);
            if (counts[0] > 0)
            {
                parts.Add("+" + Plural(counts[0], "backend"));
            }

            if (counts[1] > 0)
            {
                parts.Add("−" + Plural(counts[1], "backend"));
            }

            if (counts[2] > 0)
            {
                parts.Add($"{Plural(counts[2], "backend")} changed");
            }

            if (counts[3] > 0)
            {
                parts.Add("settings changed");
            }

            phrases.Add($"{service}: {string.Join(", ", parts)}");
        }

        return string.Join("; ", phrases);
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
