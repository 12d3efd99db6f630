// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Utilities.Tests;

[TestFixture]
public sealed class DurationsTests
{
    private static readonly object[] s_valid =
    [
        new object[] { "10s", TimeSpan.FromSeconds(10) },
        new object[] { "500ms", TimeSpan.FromMilliseconds(500) },
        new object[] { "1m30s", TimeSpan.FromSeconds(90) },
        new object[] { "2h", TimeSpan.FromHours(2) },
        new object[] { "1h30m15s", new TimeSpan(1, 30, 15) },
        new object[] { "30", TimeSpan.FromSeconds(30) },
        new object[] { "0", TimeSpan.Zero },
        new object[] { "00:00:30", TimeSpan.FromSeconds(30) },
        new object[] { "01:02:03", new TimeSpan(1, 2, 3) },
        new object[] { "1.5s", TimeSpan.FromMilliseconds(1500) },
        new object[] { "0.5m", TimeSpan.FromSeconds(30) },
        new object[] { "250us", TimeSpan.FromMicroseconds(250) },
        new object[] { "1500ns", TimeSpan.FromTicks(15) },
        new object[] { " 10s ", TimeSpan.FromSeconds(10) },
    ];

    [TestCaseSource(nameof(s_valid))]
    public void TryParse_ValidDuration_ReturnsValue(string text, TimeSpan expected)
    {
        var parsed = Durations.TryParse(text, out var value);

        Assert.That(parsed, Is.True);
        Assert.That(value, Is.EqualTo(expected));
    }

    [TestCase("abc")]
    [TestCase("10x")]
    [TestCase("-5s")]
    [TestCase("-00:00:30")]
    [TestCase("s")]
    [TestCase("10 10")]
    [TestCase("10s5")]
    [TestCase("1.2.3s")]
    [TestCase("10 s")]
    [TestCase("1d")]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase(null)]
    public void TryParse_InvalidDuration_ReturnsFalse(string? text)
    {
        Assert.That(Durations.TryParse(text, out _), Is.False);
    }

    [Test]
    public void TryParse_HugeGoDuration_ReturnsFalse()
    {
        Assert.That(Durations.TryParse("99999999999h", out _), Is.False);
    }

    [Test]
    public void TryParse_BareSecondsBeyondTimeSpanRange_ReturnsFalseInsteadOfThrowing()
    {
        // 10^12 seconds is more than TimeSpan.MaxValue (about 9.2 * 10^11 s). A parser named Try* must not
        // throw on user input: a typo in a MaxAge would otherwise fail the whole configuration provider.
        var parsed = true;

        Assert.That(() => parsed = Durations.TryParse("1000000000000", out _), Throws.Nothing);
        Assert.That(parsed, Is.False);
    }

    [Test]
    public void TryParse_MicroSignUnit_IsMicroseconds()
    {
        // Go's time.ParseDuration accepts "µs" (U+00B5), and the unit table lists it.
        var parsed = Durations.TryParse("5\u00B5s", out var value);

        Assert.That(parsed, Is.True);
        Assert.That(value, Is.EqualTo(TimeSpan.FromMicroseconds(5)));
    }
}
