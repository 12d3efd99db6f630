// Licensed under the MIT License. See LICENSE in the repository root.

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Sticky.Host.Admin.Metrics;

/// <summary>
/// Everything measured by one instrument, by series. The measurement callback looks a series up by a
/// struct key (no allocation once the series exists) and updates it with interlocked operations.
/// </summary>
internal sealed class InstrumentAggregate
{
    /// <summary>
    /// A bound on series per instrument, so backends that come and go (Swarm tasks get new addresses) cannot
    /// grow memory without limit. Measurements of further series are dropped and counted.
    /// </summary>
    public const int MaxSeries = 20_000;

    private static readonly double[] s_defaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly ConcurrentDictionary<SeriesKey, MetricSeries> _series = new();
    private readonly bool _setsValue;
    private int _seriesCount;
    private long _dropped;

    private InstrumentAggregate(Instrument instrument, PrometheusType type, double[] buckets)
    {
        Instrument = instrument;
        Type = type;
        Buckets = buckets;
        Name = PrometheusNames.MetricName(instrument.Name, instrument.Unit, type == PrometheusType.Counter);
        IsObservable = instrument.IsObservable;

        // Observable instruments report totals; a synchronous Gauge records the current value.
        _setsValue = instrument.IsObservable || instrument is Gauge<long> or Gauge<int> or Gauge<double>;
    }

    public Instrument Instrument { get; }

    public string Name { get; }

    public PrometheusType Type { get; }

    /// <summary>Upper bounds of the histogram buckets, ascending, without +Inf; empty for other types.</summary>
    public double[] Buckets { get; }

    /// <summary>Observable instruments report whole values at collection time: they are set, not added.</summary>
    public bool IsObservable { get; }

    public long Dropped => Interlocked.Read(ref _dropped);

    public static InstrumentAggregate? Create(Instrument instrument) => instrument switch
    {
        Counter<long> or Counter<int> or Counter<double> or ObservableCounter<long> or ObservableCounter<int> or ObservableCounter<double>
            => new InstrumentAggregate(instrument, PrometheusType.Counter, []),
        Histogram<double> histogram => new InstrumentAggregate(instrument, PrometheusType.Histogram, histogram.Advice?.HistogramBucketBoundaries is { Count: > 0 } advised ? [.. advised] : s_defaultBuckets),
        Histogram<long> histogram => new InstrumentAggregate(instrument, PrometheusType.Histogram, histogram.Advice?.HistogramBucketBoundaries is { Count: > 0 } advised ? [.. advised.Select(static b => (double)b)] : s_defaultBuckets),
        UpDownCounter<long> or UpDownCounter<int> or UpDownCounter<double> or ObservableUpDownCounter<long> or ObservableUpDownCounter<int> or ObservableUpDownCounter<double>
            or ObservableGauge<long> or ObservableGauge<int> or ObservableGauge<double> or Gauge<long> or Gauge<int> or Gauge<double>
            => new InstrumentAggregate(instrument, PrometheusType.Gauge, []),
        _ => null,
    };

    /// <summary>The measurement callback's work: find or create the series, then update it.</summary>
    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = new SeriesKey(tags);
        if (!_series.TryGetValue(key, out var series))
        {
            series = AddSeries(key);
            if (series is null)
            {
                Interlocked.Increment(ref _dropped);
                return;
            }
        }

        switch (Type)
        {
            case PrometheusType.Histogram:
                series.Observe(BucketIndex(value), value);
                break;
            case PrometheusType.Counter or PrometheusType.Gauge when _setsValue:
                series.Set(value);
                break;
            default:
                series.Add(value);
                break;
        }
    }

    /// <summary>Forgets every series of an observable instrument before a collection re-reports them.</summary>
    public void ResetObservations()
    {
        _series.Clear();
        Volatile.Write(ref _seriesCount, 0);
    }

    /// <summary>The series sorted by their labels, so the output is stable between scrapes.</summary>
    public MetricSeries[] SnapshotSeries()
    {
        var series = _series.Values.ToArray();
        Array.Sort(series, static (a, b) => string.CompareOrdinal(a.Labels, b.Labels));
        return series;
    }

    private int BucketIndex(double value)
    {
        // The first bound that is >= value; values above every bound go to +Inf (index Buckets.Length).
        var index = Array.BinarySearch(Buckets, value);
        return index >= 0 ? index : ~index;
    }

    private MetricSeries? AddSeries(SeriesKey key)
    {
        if (Volatile.Read(ref _seriesCount) >= MaxSeries)
        {
            return null;
        }

        var created = new MetricSeries(RenderLabels(key), Type == PrometheusType.Histogram ? Buckets.Length : 0);
        if (_series.TryAdd(key, created))
        {
            Interlocked.Increment(ref _seriesCount);
            return created;
        }

        return _series.TryGetValue(key, out var existing) ? existing : null;
    }

    private static string RenderLabels(SeriesKey key)
    {
        var text = new StringBuilder();
        for (var i = 0; i < key.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            var (name, value) = key[i];
            text.Append(PrometheusNames.LabelName(name)).Append("=\"");
            PrometheusNames.AppendEscapedLabelValue(text, FormatValue(value));
            text.Append('"');
        }

        return text.ToString();
    }

    private static string FormatValue(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
