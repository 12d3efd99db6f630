// Licensed under the MIT License. See LICENSE in the repository root.

using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sticky.Backends;
using Sticky.Configuration;
using Sticky.Diagnostics;

namespace Sticky.Health;

/// <summary>
/// The health bookkeeping of every backend, shared by the active checker and the passive policy, and the one
/// place that writes <see cref="BackendState.Health"/>: it logs each transition and reports it to telemetry.
/// </summary>
/// <remarks>
/// Records are keyed by <see cref="BackendState"/>, which survives routing snapshots for the same service and
/// URL, so counters and ejections survive them too; a record goes away with its backend.
/// </remarks>
internal sealed partial class BackendHealthTracker
{
    private readonly ConditionalWeakTable<BackendState, BackendHealthRecord> _records = new();
    private readonly StickyTelemetry _telemetry;
    private readonly ILogger _logger;

    public BackendHealthTracker(IOptions<StickyOptions> options, StickyTelemetry telemetry, TimeProvider timeProvider, ILogger<BackendHealthTracker> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        Options = options.Value.Health;
        TimeProvider = timeProvider;
        _telemetry = telemetry;
        _logger = logger;
    }

    /// <summary>Raised after a backend's health changed (under that backend's record lock: keep handlers short).</summary>
    public event Action<Backend, BackendHealth, BackendHealth>? Transitioned;

    public HealthOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    /// <summary>The record of a backend that has one; allocation-free.</summary>
    public bool TryGet(BackendState state, [NotNullWhen(true)] out BackendHealthRecord? record) => _records.TryGetValue(state, out record);

    /// <summary>The record of <paramref name="backend"/>, created on first use; remembers the newest <see cref="Backend"/> for logs.</summary>
    public BackendHealthRecord GetOrCreate(Backend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        if (_records.TryGetValue(backend.State, out var record))
        {
            record.Backend = backend;
            return record;
        }

        var created = new BackendHealthRecord(this, backend);
        return _records.TryAdd(backend.State, created) ? created : GetOrCreate(backend);
    }

    /// <summary>Writes <paramref name="next"/>; logs and reports when it differs from the current value.</summary>
    internal void Publish(Backend backend, BackendHealth next, string reasonCode, string detail)
    {
        var previous = backend.State.SetHealth(next);
        if (previous == next)
        {
            return;
        }

        if (next == BackendHealth.Unhealthy)
        {
            Log.BackendUnhealthy(_logger, backend.ServiceName, backend, reasonCode, detail);
        }
        else if (previous == BackendHealth.Unhealthy)
        {
            Log.BackendRecovered(_logger, backend.ServiceName, backend, HealthText(next), reasonCode, detail);
        }
        else
        {
            // Unknown -> Healthy is a confirmation, not news: at startup there is one per backend.
            Log.BackendConfirmed(_logger, backend.ServiceName, backend, HealthText(next), reasonCode, detail);
        }

        _telemetry.HealthChanged(backend, previous, next, reasonCode);
        Transitioned?.Invoke(backend, previous, next);
    }

    internal void ProbationCompleted(Backend backend, int successes) => Log.ProbationCompleted(_logger, backend.ServiceName, backend, successes);

    private static string HealthText(BackendHealth health) => health == BackendHealth.Healthy ? "healthy" : "available (health unknown)";
}
