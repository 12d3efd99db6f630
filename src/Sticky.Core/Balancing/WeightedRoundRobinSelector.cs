// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Http;
using Sticky.Backends;

namespace Sticky.Balancing;

internal sealed class WeightedRoundRobinSelector : IBackendSelector
{
    private readonly Backend[] _backends;
    private readonly int[] _schedule;

    // A 64-bit counter cannot wrap in practice, so every cycle is complete and shares stay exact.
    private long _next;

    public WeightedRoundRobinSelector(IReadOnlyList<Backend> backends, int[] schedule, long start)
    {
        _backends = [.. backends];
        _schedule = schedule;
        _next = start - 1;
    }

    internal ReadOnlySpan<int> Schedule => _schedule;

    public Backend? Pick(HttpContext? context)
    {
        var schedule = _schedule;
        var length = (ulong)schedule.Length;

        // An unhealthy backend keeps its slots (health changes far more often than configuration) and
        // its turn passes to the next slot. Bounded: at most one full cycle is examined.
        for (ulong attempt = 0; attempt < length; attempt++)
        {
            var slot = (ulong)Interlocked.Increment(ref _next) % length;
            var backend = _backends[schedule[slot]];
            if (backend.IsAvailable)
            {
                return backend;
            }
        }

        return null;
    }
}
