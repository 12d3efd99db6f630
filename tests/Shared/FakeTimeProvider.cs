// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Testing;

/// <summary>
/// A manual clock for tests: time moves only when a test calls <see cref="Advance"/>, which fires the timers
/// that fall due, in due order, on the calling thread. <c>new CancellationTokenSource(delay, timeProvider)</c>
/// and <c>Task.Delay(delay, timeProvider)</c> run on it through <see cref="CreateTimer"/>.
/// </summary>
internal sealed class FakeTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>The time left on every armed timer, shortest first.</summary>
    public IReadOnlyList<TimeSpan> PendingDelays
    {
        get
        {
            lock (_gate)
            {
                return [.. _timers.Where(static t => t.Due is not null).Select(t => t.Due!.Value - _now).Order()];
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Whether a timer is waiting exactly <paramref name="delay"/> from now.</summary>
    public bool HasTimerDueIn(TimeSpan delay) => PendingDelays.Contains(delay);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way (callbacks may add timers).</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
        }

        while (true)
        {
            FakeTimer? next;
            lock (_gate)
            {
                next = _timers
                    .Where(t => t.Due is { } due && due <= target)
                    .OrderBy(static t => t.Due)
                    .FirstOrDefault();
                if (next is null)
                {
                    _now = target;
                    return;
                }

                _now = next.Due!.Value;
                next.Due = next.Period is { } period && period > TimeSpan.Zero ? _now + period : null;
            }

            // Outside the lock: the callback may create, change or dispose timers.
            next.Fire();
        }
    }

    private void Arm(FakeTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            timer.Due = dueTime == Timeout.InfiniteTimeSpan ? null : _now + dueTime;
            timer.Period = period == Timeout.InfiniteTimeSpan ? null : period;
        }
    }

    private void Remove(FakeTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? Due { get; set; }

        public TimeSpan? Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Arm(this, dueTime, period);
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            owner.Remove(this);
            return ValueTask.CompletedTask;
        }
    }
}
