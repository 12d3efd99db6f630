// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Host.Docker.Labels;

namespace Sticky.Host.Docker.Tests;

[TestFixture]
public sealed class LabelValuesTests
{
    [TestCase("10s", 10_000)]
    [TestCase("1m30s", 90_000)]
    [TestCase("500ms", 500)]
    [TestCase("1.5h", 5_400_000)]
    [TestCase("30", 30_000)]
    [TestCase("0", 0)]
    [TestCase("2h45m", 9_900_000)]
    public void TryParseDuration_GoDurationOrSeconds_Parsed(string text, long milliseconds)
    {
        Assert.That(LabelValues.TryParseDuration(text, out var value), Is.True);
        Assert.That(value, Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [TestCase("")]
    [TestCase("ten seconds")]
    [TestCase("10x")]
    [TestCase("s")]
    [TestCase("-5s")]
    public void TryParseDuration_Invalid_False(string text)
    {
        Assert.That(LabelValues.TryParseDuration(text, out _), Is.False);
    }

    [TestCase("true", true)]
    [TestCase("True", true)]
    [TestCase("1", true)]
    [TestCase("t", true)]
    [TestCase("false", false)]
    [TestCase("F", false)]
    [TestCase("0", false)]
    public void TryParseBool_GoBooleans_Parsed(string text, bool expected)
    {
        Assert.That(LabelValues.TryParseBool(text, out var value), Is.True);
        Assert.That(value, Is.EqualTo(expected));
    }

    [TestCase("yes")]
    [TestCase("on")]
    [TestCase("")]
    public void TryParseBool_Other_False(string text)
    {
        Assert.That(LabelValues.TryParseBool(text, out _), Is.False);
    }
}
