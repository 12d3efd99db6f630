// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Backends;

/// <summary>
/// The mutable runtime state of one backend: health and counters. It outlives routing snapshots: when a
/// provider reports a new configuration, a backend with the same service and URL keeps its state object,
/// so health, in-flight counts and statistics survive the swap.
/// </summary>
internal sealed class BackendState
{
    private int _health = (int)BackendHealth.Unknown;
    private int _inFlight;
    private long _requests;
    private long _failures;
    private long _drainingSinceTicks;
    private int _drainRequested;

    public BackendHealth Health => (BackendHealth)Volatile.Read(ref _health);

    public int InFlight => Volatile.Read(ref _inFlight);

    public long Requests => Interlocked.Read(ref _requests);

    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>What the affinity table derived from this backend, reused while the cookie settings stay the same.</summary>
    internal object? AffinityCache { get; set; }

    /// <summary>Distinct clients served recently through an affinity pin (an estimate).</summary>
    public Diagnostics.ClientCounter PinnedClients { get; } = new();

    /// <summary>Whether an operator asked (through the admin API) for this backend to drain.</summary>
    public bool DrainRequested => Volatile.Read(ref _drainRequested) != 0;

    /// <summary>Asks for the backend to drain; returns false when it already was asked to.</summary>
    public bool RequestDrain() => Interlocked.Exchange(ref _drainRequested, 1) == 0;

    /// <summary>
    /// Records that the backend is draining and returns since when: the first call's time, so the drain
    /// timeout runs from the moment draining started, across any number of configuration reloads.
    /// </summary>
    public DateTimeOffset MarkDraining(DateTimeOffset now)
    {
        var since = Interlocked.CompareExchange(ref _drainingSinceTicks, now.UtcTicks, 0);
        return new DateTimeOffset(since == 0 ? now.UtcTicks : since, TimeSpan.Zero);
    }

    /// <summary>Forgets a drain that ended (the provider stopped reporting the backend as draining).</summary>
    public void ClearDraining()
    {
        Volatile.Write(ref _drainingSinceTicks, 0);
        Volatile.Write(ref _drainRequested, 0);
    }

    /// <summary>Sets the health and returns the previous value, so callers can log transitions once.</summary>
    public BackendHealth SetHealth(BackendHealth health) => (BackendHealth)Interlocked.Exchange(ref _health, (int)health);

    public void RequestStarted()
    {
        Interlocked.Increment(ref _inFlight);
        Interlocked.Increment(ref _requests);
    }

    public void RequestEnded(bool failed)
    {
        Interlocked.Decrement(ref _inFlight);
        if (failed)
        {
            Interlocked.Increment(ref _failures);
        }
    }
}
