// Licensed under the MIT License. See LICENSE in the repository root.

using System.Globalization;
using System.Text;

namespace Sticky.Host.Admin.Metrics;

/// <summary>Renders aggregates in the Prometheus text exposition format, version 0.0.4.</summary>
internal static class PrometheusTextWriter
{
    /// <summary>The content type of the format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Write(IReadOnlyList<InstrumentAggregate> instruments)
    {
        var text = new StringBuilder(4096);
        var dropped = 0L;
        foreach (var instrument in instruments)
        {
            WriteInstrument(text, instrument);
            dropped += instrument.Dropped;
        }

        text.Append("# HELP sticky_metrics_dropped_measurements_total Measurements not recorded because an instrument reached its series limit.\n");
        text.Append("# TYPE sticky_metrics_dropped_measurements_total counter\n");
        text.Append("sticky_metrics_dropped_measurements_total ").Append(dropped.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return text.ToString();
    }

    private static void WriteInstrument(StringBuilder text, InstrumentAggregate instrument)
    {
        var name = instrument.Name;
        var help = instrument.Instrument.Description is { Length: > 0 } description ? description : instrument.Instrument.Name;
        text.Append("# HELP ").Append(name).Append(' ').Append(PrometheusNames.EscapeHelp(help)).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(TypeName(instrument.Type)).Append('\n');
        var series = instrument.SnapshotSeries();
        if (instrument.Type != PrometheusType.Histogram)
        {
            foreach (var one in series)
            {
                Sample(text, name, one.Labels, null, one.Value);
            }

            return;
        }

        Span<long> counts = stackalloc long[instrument.Buckets.Length + 1];
        foreach (var one in series)
        {
            // Read the buckets once and derive _count from them, so +Inf always equals _count even while
            // requests are being recorded concurrently.
            one.ReadBuckets(counts);
            var cumulative = 0L;
            for (var i = 0; i < instrument.Buckets.Length; i++)
            {
                cumulative += counts[i];
                Sample(text, name + "_bucket", one.Labels, Format(instrument.Buckets[i]), cumulative);
            }

            cumulative += counts[^1];
            Sample(text, name + "_bucket", one.Labels, "+Inf", cumulative);
            Sample(text, name + "_sum", one.Labels, null, one.Sum);
            Sample(text, name + "_count", one.Labels, null, cumulative);
        }
    }

    private static void Sample(StringBuilder text, string name, string labels, string? le, double value)
    {
        text.Append(name);
        if (labels.Length > 0 || le is not null)
        {
            text.Append('{').Append(labels);
            if (le is not null)
            {
                text.Append(labels.Length > 0 ? ",le=\"" : "le=\"").Append(le).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(Format(value)).Append('\n');
    }

    private static string Format(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string TypeName(PrometheusType type) => type switch
    {
        PrometheusType.Counter => "counter",
        PrometheusType.Histogram => "histogram",
        _ => "gauge",
    };
}
