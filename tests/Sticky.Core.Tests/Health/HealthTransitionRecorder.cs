// Licensed under the MIT License. See LICENSE in the repository root.

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Sticky.Diagnostics;

namespace Sticky.Health.Tests;

/// <summary>
/// A <see cref="StickyTelemetry"/> of its own plus a listener that records every <c>sticky.health.transitions</c>
/// measurement it makes, so a test sees exactly the <c>HealthChanged</c> calls of the code under test.
/// </summary>
internal sealed class HealthTransitionRecorder : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<HealthTransition> _transitions = new();

    public HealthTransitionRecorder(TimeProvider timeProvider)
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = _services.GetRequiredService<IMeterFactory>();
        Telemetry = new StickyTelemetry(factory, timeProvider);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name == "sticky.health.transitions")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                values[tag.Key] = tag.Value?.ToString() ?? string.Empty;
            }

            _transitions.Enqueue(new HealthTransition(values["service"], values["backend"], values["from"], values["to"], values["reason"]));
        });
        _listener.Start();
    }

    public StickyTelemetry Telemetry { get; }

    public IReadOnlyList<HealthTransition> Transitions => [.. _transitions];

    public void Dispose()
    {
        _listener.Dispose();
        Telemetry.Dispose();
        _services.Dispose();
    }
}

internal sealed record HealthTransition(string Service, string Backend, string From, string To, string Reason);
