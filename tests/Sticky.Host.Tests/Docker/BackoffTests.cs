// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Tests;

[TestFixture]
public sealed class BackoffTests
{
    [TestCase(0, 500)]
    [TestCase(1, 1000)]
    [TestCase(2, 2000)]
    [TestCase(3, 4000)]
    [TestCase(4, 8000)]
    [TestCase(5, 10000)]
    [TestCase(1000, 10000)]
    public void Delay_Attempt_DoublesUpToTenSeconds(int attempt, int milliseconds)
    {
        Assert.That(Backoff.Delay(attempt), Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));
    }
}
