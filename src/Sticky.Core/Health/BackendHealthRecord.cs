// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Backends;

namespace Sticky.Health;

/// <summary>
/// The health bookkeeping of one backend: the active verdict with its consecutive counts, and the passive
/// failure count, ejection and probation. Every change happens under one lock and ends with
/// <see cref="BackendHealthTracker.Publish"/>, so the active and passive views never race each other.
/// </summary>
/// <remarks>
/// The published health is <see cref="BackendHealth.Unhealthy"/> while the backend is ejected or its active
/// verdict is unhealthy; otherwise it is the active verdict (<see cref="BackendHealth.Unknown"/> without probes).
/// </remarks>
internal sealed partial class BackendHealthRecord
{
    private readonly Lock _gate = new();
    private readonly BackendHealthTracker _tracker;
    private readonly HealthOptions _options;
    private Backend _backend;

    public BackendHealthRecord(BackendHealthTracker tracker, Backend backend)
    {
        _tracker = tracker;
        _options = tracker.Options;
        _backend = backend;
    }

    /// <summary>The newest <see cref="Backends.Backend"/> object of this state, used in logs and telemetry.</summary>
    public Backend Backend
    {
        get => Volatile.Read(ref _backend);
        set => Volatile.Write(ref _backend, value);
    }

    /// <summary>The verdict of the active probes alone.</summary>
    public BackendHealth ActiveVerdict
    {
        get
        {
            lock (_gate)
            {
                return _active;
            }
        }
    }

    /// <summary>Whether passive health has the backend ejected right now.</summary>
    public bool IsEjected => Volatile.Read(ref _passiveMode) == (int)PassiveMode.Ejected;

    /// <summary>Whether the backend is back from an ejection and not yet trusted again.</summary>
    public bool IsOnProbation => Volatile.Read(ref _passiveMode) == (int)PassiveMode.Probation;

    private BackendHealth Combined() =>
        _passiveMode == (int)PassiveMode.Ejected ? BackendHealth.Unhealthy : _active;

    // Callers hold _gate.
    private void Publish(string reasonCode, string detail) => _tracker.Publish(Backend, Combined(), reasonCode, detail);
}
