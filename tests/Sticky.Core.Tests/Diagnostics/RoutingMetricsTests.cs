// Licensed under the MIT License. See LICENSE in the repository root.

using System.Diagnostics.Metrics;
using Moq;
using Sticky.Backends;
using Sticky.Providers;

namespace Sticky.Diagnostics.Tests;

[TestFixture]
public sealed class RoutingMetricsTests
{
    [Test]
    public void Observe_TwoServices_ReportsBackendsByHealthInFlightAndGeneration()
    {
        using var context = new DiagnosticsTestContext(new InMemoryBackendProvider(
        [
            DiagnosticsTestContext.Service("web", "http://127.0.0.1:1", "http://127.0.0.1:2"),
            DiagnosticsTestContext.Service("api", "http://127.0.0.1:3"),
        ]));
        using var providers = new ProviderStatistics(context.State);
        _ = new RoutingMetrics(context.MeterFactory, context.State, providers, TimeProvider.System);
        context.State.Rebuild();
        var web = context.State.Current.Services["web"];
        web.Backends[0].State.SetHealth(BackendHealth.Unhealthy);
        web.Backends[1].State.RequestStarted();

        var measurements = Collect(context.MeterFactory);

        Assert.Multiple(() =>
        {
            Assert.That(measurements, Does.Contain("sticky.backends{service=web,health=unhealthy}=1"));
            Assert.That(measurements, Does.Contain("sticky.backends{service=web,health=unknown}=1"));
            Assert.That(measurements, Does.Contain("sticky.backends{service=web,health=healthy}=0"));
            Assert.That(measurements, Does.Contain("sticky.backends{service=api,health=unknown}=1"));
            Assert.That(measurements, Does.Contain("sticky.backend.in_flight{service=web,backend=http://127.0.0.1:2}=1"));
            Assert.That(measurements, Does.Contain("sticky.backend.pinned_clients{service=api,backend=http://127.0.0.1:3}=0"));
            Assert.That(measurements, Does.Contain("sticky.backends.draining{service=web}=0"));
            Assert.That(measurements, Does.Contain($"sticky.routing.generation{{}}={context.State.Current.Generation}"));
            Assert.That(measurements, Does.Contain("sticky.provider.refreshes{provider=memory}=1"));
            Assert.That(measurements, Does.Contain("sticky.provider.errors{provider=memory}=0"));
        });
    }

    [Test]
    public void ProviderStatistics_ProviderUpdatesAndFailures_AreCounted()
    {
        var memory = new InMemoryBackendProvider([DiagnosticsTestContext.Service("web", "http://127.0.0.1:1")]);
        var failing = new Mock<IBackendProvider>();
        failing.SetupGet(static p => p.Name).Returns("broken");
        failing.Setup(static p => p.GetSnapshot()).Throws(new InvalidOperationException("registry unreachable"));
        using var context = new DiagnosticsTestContext(memory, failing.Object);
        using var statistics = new ProviderStatistics(context.State);
        context.State.Rebuild();

        memory.Update([DiagnosticsTestContext.Service("web", "http://127.0.0.1:2")]);
        context.State.Rebuild();

        var byName = statistics.Current.ToDictionary(static s => s.Name);
        Assert.Multiple(() =>
        {
            Assert.That(byName["memory"].Refreshes, Is.EqualTo(2), "the first snapshot and the update");
            Assert.That(byName["memory"].Errors, Is.Zero);
            Assert.That(byName["memory"].Error, Is.Null);
            Assert.That(byName["memory"].UpdatedAt, Is.Not.Null);
            Assert.That(byName["memory"].Services, Is.EqualTo(1));
            Assert.That(byName["broken"].Error, Is.EqualTo("registry unreachable"));
            Assert.That(byName["broken"].Errors, Is.GreaterThanOrEqualTo(2));
            Assert.That(byName["broken"].Refreshes, Is.Zero);
        });
    }

    private static List<string> Collect(IMeterFactory factory)
    {
        var measurements = new List<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.IsObservable)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => measurements.Add(Format(instrument, value, tags)));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measurements.Add(Format(instrument, value, tags)));
        listener.Start();
        listener.RecordObservableInstruments();
        return measurements;
    }

    private static string Format(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new List<string>();
        foreach (var tag in tags)
        {
            labels.Add($"{tag.Key}={tag.Value}");
        }

        return $"{instrument.Name}{{{string.Join(",", labels)}}}={value}";
    }
}
