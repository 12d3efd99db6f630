// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker;

/// <summary>Exponential backoff for reconnecting to the daemon: 0.5 s, 1 s, 2 s, 4 s, 8 s, then 10 s.</summary>
internal static class Backoff
{
    public static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(500);

    public static readonly TimeSpan Max = TimeSpan.FromSeconds(10);

    /// <param name="attempt">0 for the first retry.</param>
    public static TimeSpan Delay(int attempt)
    {
        // 2^5 * 0.5 s already exceeds the cap; bounding the shift avoids overflow on long outages.
        var shift = Math.Clamp(attempt, 0, 5);
        var delay = Initial * (1 << shift);
        return delay < Max ? delay : Max;
    }
}
