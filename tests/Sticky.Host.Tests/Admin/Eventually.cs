// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Admin.Tests;

/// <summary>Polls a condition that becomes true asynchronously (a routing table rebuild), bounded in time.</summary>
internal static class Eventually
{
    public static async Task ThatAsync(Func<Task<bool>> condition, string? because = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail(because ?? "the condition did not become true within 10 seconds");
    }

    public static Task ThatAsync(Func<bool> condition, string? because = null) => ThatAsync(() => Task.FromResult(condition()), because);
}
