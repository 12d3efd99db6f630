// Licensed under the MIT License. See LICENSE in the repository root.

using System.Diagnostics.Metrics;
using Sticky.Backends;
using Sticky.Proxy;

namespace Sticky.Diagnostics;

/// <summary>
/// Observable instruments on the <c>Sticky</c> meter that describe the routing table rather than single
/// requests: in-flight and pinned clients per backend, backends per service and health, provider refreshes
/// and errors, the routing table generation (read only when a listener collects), and how long each rebuild took.
/// </summary>
internal sealed class RoutingMetrics
{
    // Fine around the 10-100 ms a large rebuild takes, so a dashboard can tell 40 ms from 90 ms.
    private static readonly double[] s_rebuildBuckets = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5];

    private static readonly BackendHealth[] s_healths = [BackendHealth.Healthy, BackendHealth.Unhealthy, BackendHealth.Unknown];

    private readonly RoutingState _state;
    private readonly ProviderStatistics _providers;
    private readonly TimeProvider _timeProvider;

    public RoutingMetrics(IMeterFactory meterFactory, RoutingState state, ProviderStatistics providers, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _state = state;
        _providers = providers;
        _timeProvider = timeProvider;

        // The factory hands back the meter StickyTelemetry created, so every instrument shares one meter.
        var meter = meterFactory.Create(StickyTelemetry.MeterName);
        meter.CreateObservableUpDownCounter("sticky.backend.in_flight", ObserveInFlight, "{request}", "Requests being forwarded to a backend right now.");
        meter.CreateObservableGauge("sticky.backend.pinned_clients", ObservePinnedClients, "{client}", "Distinct clients pinned to a backend over the last one to two minutes (an estimate).");
        meter.CreateObservableGauge("sticky.backends", ObserveBackends, "{backend}", "Backends per service and health.");
        meter.CreateObservableGauge("sticky.backends.draining", ObserveDraining, "{backend}", "Draining backends per service.");
        meter.CreateObservableCounter("sticky.provider.refreshes", ObserveRefreshes, "{refresh}", "New snapshots received from each provider.");
        meter.CreateObservableCounter("sticky.provider.errors", ObserveProviderErrors, "{error}", "Provider snapshots or reads that reported an error.");
        meter.CreateObservableGauge("sticky.routing.generation", ObserveGeneration, "{generation}", "The generation of the routing table in use; it grows with every rebuild.");
        var rebuilds = meter.CreateHistogram<double>(
            "sticky.routing.rebuild.duration",
            "s",
            "Time to read every provider and build a routing table, per rebuild.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_rebuildBuckets });

        // Changed is raised right after each rebuild, on the thread that built it, so the duration read is its own.
        state.Changed += _ => rebuilds.Record(state.LastBuildDuration.TotalSeconds);
    }

    private IEnumerable<Measurement<int>> ObserveInFlight()
    {
        foreach (var service in _state.Current.Services.Values)
        {
            foreach (var backend in service.Backends)
            {
                yield return new Measurement<int>(backend.InFlight, new("service", service.Name), new("backend", backend.Id));
            }
        }
    }

    private IEnumerable<Measurement<int>> ObservePinnedClients()
    {
        var now = _timeProvider.GetUtcNow();
        foreach (var service in _state.Current.Services.Values)
        {
            if (service.Affinity is null)
            {
                continue;
            }

            foreach (var backend in service.Backends)
            {
                yield return new Measurement<int>(backend.State.PinnedClients.Estimate(now), new("service", service.Name), new("backend", backend.Id));
            }
        }
    }

    private IEnumerable<Measurement<int>> ObserveBackends()
    {
        foreach (var service in _state.Current.Services.Values)
        {
            foreach (var health in s_healths)
            {
                var count = 0;
                foreach (var backend in service.Backends)
                {
                    count += backend.Health == health ? 1 : 0;
                }

                yield return new Measurement<int>(count, new("service", service.Name), new("health", HealthNames.Of(health)));
            }
        }
    }

    private IEnumerable<Measurement<int>> ObserveDraining()
    {
        foreach (var service in _state.Current.Services.Values)
        {
            var count = 0;
            foreach (var backend in service.Backends)
            {
                count += backend.IsDraining ? 1 : 0;
            }

            yield return new Measurement<int>(count, new KeyValuePair<string, object?>("service", service.Name));
        }
    }

    private IEnumerable<Measurement<long>> ObserveRefreshes()
    {
        foreach (var provider in _providers.Current)
        {
            yield return new Measurement<long>(provider.Refreshes, new KeyValuePair<string, object?>("provider", provider.Name));
        }
    }

    private IEnumerable<Measurement<long>> ObserveProviderErrors()
    {
        foreach (var provider in _providers.Current)
        {
            yield return new Measurement<long>(provider.Errors, new KeyValuePair<string, object?>("provider", provider.Name));
        }
    }

    private long ObserveGeneration() => _state.Current.Generation;
}
