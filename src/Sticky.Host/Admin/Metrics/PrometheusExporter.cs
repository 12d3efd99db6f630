// Licensed under the MIT License. See LICENSE in the repository root.

using System.Diagnostics.Metrics;
using Sticky.Diagnostics;

namespace Sticky.Host.Admin.Metrics;

/// <summary>
/// Listens to this host's <c>Sticky</c> meter and renders it in the Prometheus text format for
/// <c>/metrics</c>. Only meters created by this host's <see cref="IMeterFactory"/> are aggregated, so
/// several hosts in one process (tests) never mix their numbers.
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    private readonly IMeterFactory _meterFactory;
    private readonly MeterListener _listener;
    private readonly Lock _gate = new();
    private readonly List<InstrumentAggregate> _instruments = [];

    public PrometheusExporter(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meterFactory = meterFactory;
        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = OnMeasurementsCompleted,
        };

        // The state passed to EnableMeasurementEvents is the aggregate itself: no lookup per measurement.
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>Collects the observable instruments and writes every instrument in Prometheus text format 0.0.4.</summary>
    public string Scrape()
    {
        // One scrape at a time: observable series are cleared and re-reported, and that must not interleave.
        lock (_gate)
        {
            foreach (var instrument in _instruments)
            {
                if (instrument.IsObservable)
                {
                    instrument.ResetObservations();
                }
            }

            _listener.RecordObservableInstruments();
            var ordered = _instruments.ToArray();
            Array.Sort(ordered, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            var text = new System.Text.StringBuilder(PrometheusTextWriter.Write(ordered));
            ProcessMetrics.Write(text);
            return text.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (instrument.Meter.Name != StickyTelemetry.MeterName || !ReferenceEquals(instrument.Meter.Scope, _meterFactory))
        {
            return;
        }

        var aggregate = InstrumentAggregate.Create(instrument);
        if (aggregate is null)
        {
            return;
        }

        lock (_gate)
        {
            _instruments.Add(aggregate);
        }

        listener.EnableMeasurementEvents(instrument, aggregate);
    }

    private void OnMeasurementsCompleted(Instrument instrument, object? state)
    {
        lock (_gate)
        {
            _instruments.Remove((InstrumentAggregate)state!);
        }
    }
}
