// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Health;

internal sealed partial class BackendHealthRecord
{
    private int _passiveMode;     // PassiveMode; written under _gate, read without it on the success path
    private int _passiveFailures; // written under _gate, read without it on the success path
    private int _probationLeft;
    private TimeSpan _lastEjection;
    private ITimer? _ejectionTimer;

    private enum PassiveMode
    {
        Normal,
        Ejected,
        Probation,
    }

    /// <summary>The period of the current (or last) ejection, for the API and tests.</summary>
    public TimeSpan LastEjectionPeriod
    {
        get
        {
            lock (_gate)
            {
                return _lastEjection;
            }
        }
    }

    /// <summary>A request succeeded. Lock-free and allocation-free unless there is something to reset.</summary>
    public void PassiveSuccess()
    {
        if (Volatile.Read(ref _passiveFailures) == 0 && Volatile.Read(ref _passiveMode) == (int)PassiveMode.Normal)
        {
            return;
        }

        lock (_gate)
        {
            // Answers that were already in flight when the backend got ejected prove nothing about it now.
            if (_passiveMode == (int)PassiveMode.Ejected)
            {
                return;
            }

            Volatile.Write(ref _passiveFailures, 0);
            if (_passiveMode == (int)PassiveMode.Probation && --_probationLeft <= 0)
            {
                Volatile.Write(ref _passiveMode, (int)PassiveMode.Normal);
                _lastEjection = TimeSpan.Zero;
                _tracker.ProbationCompleted(Backend, _options.ProbationSuccesses);
            }
        }
    }

    /// <summary>A request failed; <paramref name="detail"/> says how (built by the caller on this rare path).</summary>
    public void PassiveFailure(string detail)
    {
        lock (_gate)
        {
            switch ((PassiveMode)_passiveMode)
            {
                case PassiveMode.Ejected:
                    return;
                case PassiveMode.Probation:
                    var doubled = _lastEjection * 2;
                    Eject(doubled > _options.MaxEjectionPeriod ? _options.MaxEjectionPeriod : doubled, $"failed on probation: {detail}");
                    return;
                default:
                    var failures = _passiveFailures + 1;
                    Volatile.Write(ref _passiveFailures, failures);
                    if (failures >= _options.PassiveFailureThreshold)
                    {
                        Eject(_options.EjectionPeriod, $"{failures} consecutive failed requests, the last: {detail}");
                    }

                    return;
            }
        }
    }

    // Callers hold _gate.
    private void Eject(TimeSpan period, string detail)
    {
        Volatile.Write(ref _passiveMode, (int)PassiveMode.Ejected);
        Volatile.Write(ref _passiveFailures, 0);
        _lastEjection = period;
        _ejectionTimer?.Dispose();
        _ejectionTimer = _tracker.TimeProvider.CreateTimer(static state => ((BackendHealthRecord)state!).EjectionExpired(), this, period, Timeout.InfiniteTimeSpan);
        Publish("passive_ejection", $"{detail}; ejected for {period}");
    }

    private void EjectionExpired()
    {
        lock (_gate)
        {
            if (_passiveMode != (int)PassiveMode.Ejected)
            {
                return;
            }

            _ejectionTimer?.Dispose();
            _ejectionTimer = null;
            _probationLeft = _options.ProbationSuccesses;
            Volatile.Write(ref _passiveMode, (int)PassiveMode.Probation);
            var activeNote = _active == Backends.BackendHealth.Unhealthy ? "; its active health check still fails" : string.Empty;
            Publish("ejection_expired", $"ejection of {_lastEjection} is over, on probation for {_options.ProbationSuccesses} successful requests{activeNote}");
        }
    }
}
