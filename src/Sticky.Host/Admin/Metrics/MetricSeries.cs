// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Admin.Metrics;

/// <summary>
/// The running value of one labelled series. Counters and up-down counters add, observable instruments
/// set, histograms count into fixed buckets. Every update is one or two interlocked operations.
/// </summary>
internal sealed class MetricSeries
{
    private readonly long[]? _buckets;
    private double _value;
    private double _sum;

    public MetricSeries(string labels, int bucketCount)
    {
        Labels = labels;
        _buckets = bucketCount > 0 ? new long[bucketCount + 1] : null;
    }

    /// <summary>The rendered, escaped label pairs without braces, for example <c>service="web",code="200"</c>.</summary>
    public string Labels { get; }

    public double Value => Volatile.Read(ref _value);

    public double Sum => Volatile.Read(ref _sum);

    public void Add(double value) => AddDouble(ref _value, value);

    public void Set(double value) => Volatile.Write(ref _value, value);

    /// <summary>Counts <paramref name="value"/> into bucket <paramref name="bucket"/> (the last is +Inf).</summary>
    public void Observe(int bucket, double value)
    {
        Interlocked.Increment(ref _buckets![bucket]);
        AddDouble(ref _sum, value);
    }

    /// <summary>Copies the per-bucket (not cumulative) counts into <paramref name="destination"/>.</summary>
    public void ReadBuckets(Span<long> destination)
    {
        for (var i = 0; i < _buckets!.Length; i++)
        {
            destination[i] = Volatile.Read(ref _buckets[i]);
        }
    }

    private static void AddDouble(ref double target, double value)
    {
        var current = Volatile.Read(ref target);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref target, current + value, current);
            if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(current))
            {
                return;
            }

            current = seen;
        }
    }
}
