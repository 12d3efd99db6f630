// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Balancing;

/// <summary>
/// Precomputes one full cycle of smooth weighted round-robin, so a pick is an array read indexed by an
/// atomic counter: O(1), lock-free and allocation-free whatever the number of backends.
/// </summary>
internal static class SmoothWeightedSchedule
{
    /// <summary>
    /// Longest cycle kept. Larger weight sums are scaled down proportionally (shares then hold to within
    /// one slot per backend); the gcd reduction makes this rare in practice.
    /// </summary>
    internal const int MaxCycleLength = 1 << 20;

    /// <summary>
    /// Above this many steps (backends x cycle length) the exact nginx algorithm, which is O(n) per slot,
    /// gives way to an earliest-deadline heap that is O(log n) per slot and just as smooth.
    /// </summary>
    internal const long DefaultExactWorkLimit = 1L << 22;

    /// <summary>
    /// Builds the cycle. Returns indexes into <paramref name="weights"/>; entries with weight &lt;= 0 never appear.
    /// </summary>
    public static int[] Build(ReadOnlySpan<int> weights, long exactWorkLimit = DefaultExactWorkLimit)
    {
        var indexes = new List<int>(weights.Length);
        var reduced = new List<long>(weights.Length);
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] > 0)
            {
                indexes.Add(i);
                reduced.Add(weights[i]);
            }
        }

        if (indexes.Count == 0)
        {
            return [];
        }

        var sum = Normalize(reduced);
        return (long)indexes.Count * sum <= exactWorkLimit
            ? BuildExact(indexes, reduced, sum)
            : BuildByDeadline(indexes, reduced, sum);
    }

    // Divides by the gcd and, if the cycle is still too long, scales down keeping every weight >= 1.
    private static long Normalize(List<long> weights)
    {
        var gcd = weights[0];
        long sum = 0;
        foreach (var w in weights)
        {
            gcd = Gcd(gcd, w);
            sum += w;
        }

        if (sum / gcd > MaxCycleLength)
        {
            var scale = (double)MaxCycleLength / sum;
            for (var i = 0; i < weights.Count; i++)
            {
                weights[i] = Math.Max(1, (long)(weights[i] * scale));
            }

            return Normalize(weights);
        }

        sum = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            weights[i] /= gcd;
            sum += weights[i];
        }

        return sum;
    }

    // nginx's smooth weighted round-robin: every step each backend gains its weight, the richest is
    // chosen and pays the total. Ties go to the earlier backend, as in nginx.
    private static int[] BuildExact(List<int> indexes, List<long> weights, long sum)
    {
        var schedule = new int[sum];
        var current = new long[weights.Count];
        for (var slot = 0; slot < schedule.Length; slot++)
        {
            var best = 0;
            for (var i = 0; i < current.Length; i++)
            {
                current[i] += weights[i];
                if (current[i] > current[best])
                {
                    best = i;
                }
            }

            current[best] -= sum;
            schedule[slot] = indexes[best];
        }

        return schedule;
    }

    // Earliest deadline first with half-slot offsets: backend i's k-th turn is due at (k + 1/2) / w_i of the
    // cycle. This spreads each backend evenly like nginx's algorithm, in O(log n) per slot.
    private static int[] BuildByDeadline(List<int> indexes, List<long> weights, long sum)
    {
        var schedule = new int[sum];
        var queue = new PriorityQueue<int, Deadline>(weights.Count);
        for (var i = 0; i < weights.Count; i++)
        {
            queue.Enqueue(i, new Deadline(1, 2 * weights[i], weights[i], i));
        }

        for (var slot = 0; slot < schedule.Length; slot++)
        {
            queue.TryDequeue(out var i, out var deadline);
            schedule[slot] = indexes[i];
            queue.Enqueue(i, deadline with { Numerator = deadline.Numerator + 2 });
        }

        return schedule;
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }

    // Numerator / Denominator is the due time; heavier backends win ties, then the earlier index.
    private readonly record struct Deadline(long Numerator, long Denominator, long Weight, int Index) : IComparable<Deadline>
    {
        public int CompareTo(Deadline other)
        {
            var byTime = (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);
            if (byTime != 0)
            {
                return byTime;
            }

            var byWeight = other.Weight.CompareTo(Weight);
            return byWeight != 0 ? byWeight : Index.CompareTo(other.Index);
        }
    }
}
