// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Logging;

namespace Sticky.Host.Configuration.Tests;

[TestFixture]
public sealed class LogLevelsTests
{
    [TestCase("DEBUG", LogLevel.Debug)]
    [TestCase("INFO", LogLevel.Information)]
    [TestCase("WARN", LogLevel.Warning)]
    [TestCase("ERROR", LogLevel.Error)]
    [TestCase("FATAL", LogLevel.Critical)]
    [TestCase("PANIC", LogLevel.Critical)]
    [TestCase("Information", LogLevel.Information)]
    [TestCase("Warning", LogLevel.Warning)]
    [TestCase("Critical", LogLevel.Critical)]
    [TestCase("trace", LogLevel.Trace)]
    [TestCase("debug", LogLevel.Debug)]
    [TestCase(" warn ", LogLevel.Warning)]
    [TestCase("None", LogLevel.None)]
    public void TryParse_KnownName_ReturnsTheLevel(string text, LogLevel expected)
    {
        var parsed = LogLevels.TryParse(text, out var level);

        Assert.Multiple(() =>
        {
            Assert.That(parsed, Is.True);
            Assert.That(level, Is.EqualTo(expected));
        });
    }

    [TestCase("loud")]
    [TestCase("")]
    [TestCase("5")]
    [TestCase(null)]
    public void TryParse_UnknownName_IsRejected(string? text)
    {
        Assert.That(LogLevels.TryParse(text, out _), Is.False);
    }
}
