// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Tests;

/// <summary>
/// Waits (in real time, bounded) for background work to catch up, for example an async continuation
/// after a fake timer fired. It never waits for a timer: timers are driven by <see cref="FakeTimeProvider"/>.
/// </summary>
internal static class Eventually
{
    public static async Task<bool> TrueAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(5);
        }

        return true;
    }
}
