// Licensed under the MIT License. See LICENSE in the repository root.

using System.Numerics;

namespace Sticky.Diagnostics;

/// <summary>
/// Approximately how many distinct clients used a backend recently: linear counting over a 4096-bit
/// bitmap per one-minute window, reported over the current and the previous window. Fixed memory
/// (1 KB), lock-free and allocation-free, so it can sit on the request path; accurate to a few percent
/// up to a few thousand clients per window, then saturating (reported as a lower bound).
/// </summary>
internal sealed class ClientCounter
{
    private const int Bits = 4096;
    private const int Words = Bits / 64;
    private static readonly long s_windowTicks = TimeSpan.FromMinutes(1).Ticks;

    private readonly long[] _current = new long[Words];
    private readonly long[] _previous = new long[Words];
    private long _windowStart;

    /// <summary>Records one request from the client identified by <paramref name="clientHash"/>.</summary>
    public void Record(ulong clientHash, DateTimeOffset now)
    {
        Rotate(now.UtcTicks);
        var bit = (int)(clientHash % Bits);
        Interlocked.Or(ref _current[bit >> 6], 1L << (bit & 63));
    }

    /// <summary>The estimated number of distinct clients over the last one to two minutes.</summary>
    public int Estimate(DateTimeOffset now)
    {
        Rotate(now.UtcTicks);
        var set = 0;
        for (var i = 0; i < Words; i++)
        {
            set += BitOperations.PopCount((ulong)(Volatile.Read(ref _current[i]) | Volatile.Read(ref _previous[i])));
        }

        var empty = Bits - set;
        return empty == 0 ? Bits * 8 : (int)Math.Round(-Bits * Math.Log((double)empty / Bits));
    }

    private void Rotate(long nowTicks)
    {
        var start = Volatile.Read(ref _windowStart);
        if (nowTicks - start < s_windowTicks)
        {
            return;
        }

        // One thread wins the rotation; losers keep recording into whichever window they see. A few
        // clients landing in the wrong minute do not matter to an estimate.
        if (Interlocked.CompareExchange(ref _windowStart, nowTicks, start) != start)
        {
            return;
        }

        var stale = nowTicks - start >= 2 * s_windowTicks;
        for (var i = 0; i < Words; i++)
        {
            var value = Interlocked.Exchange(ref _current[i], 0);
            Volatile.Write(ref _previous[i], stale ? 0 : value);
        }
    }
}
