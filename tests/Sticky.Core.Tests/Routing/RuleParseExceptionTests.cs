// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Routing.Tests;

[TestFixture]
public sealed class RuleParseExceptionTests
{
    [Test]
    public void Message_DanglingAnd_QuotesRuleNamesPositionAndPointsACaret()
    {
        var ex = new RuleParseException("Host(`a.com`) && ", 17, "expected a matcher after '&&'");

        var lines = ex.Message.Split(Environment.NewLine);

        Assert.That(lines, Has.Length.EqualTo(3));
        Assert.That(lines[0], Is.EqualTo("Rule \"Host(`a.com`) && \" is invalid at position 17: expected a matcher after '&&'."));
        Assert.That(lines[1], Is.EqualTo("  Host(`a.com`) && "));
        Assert.That(lines[2], Is.EqualTo(new string(' ', 19) + "^"));
    }

    [Test]
    public void Message_RuleWithNewline_KeepsCaretLineAligned()
    {
        var ex = new RuleParseException("Host(`a`)\n&& !", 14, "expected a matcher after '!'");

        var lines = ex.Message.Split(Environment.NewLine);

        // The quoted rule on the first line keeps its newline; the display line below does not.
        Assert.That(lines[^2], Is.EqualTo("  Host(`a`) && !"));
        Assert.That(lines[^1].IndexOf('^', StringComparison.Ordinal), Is.EqualTo(2 + 14));
    }

    [Test]
    public void Constructor_Always_ExposesRulePositionReasonAndIsAFormatException()
    {
        var inner = new ArgumentException("bad");

        var ex = new RuleParseException("Path(`x`)", 5, "the path 'x' must start with '/'", inner);

        Assert.That(ex, Is.InstanceOf<FormatException>());
        Assert.That(ex.Rule, Is.EqualTo("Path(`x`)"));
        Assert.That(ex.Position, Is.EqualTo(5));
        Assert.That(ex.Reason, Is.EqualTo("the path 'x' must start with '/'"));
        Assert.That(ex.InnerException, Is.SameAs(inner));
    }

    [Test]
    public void Parse_RealFailure_MessageCarriesTheSamePosition()
    {
        var ex = Assert.Throws<RuleParseException>(() => RuleParser.Parse("Host(`a.com`) && "));

        Assert.That(ex.Message, Does.StartWith("Rule \"Host(`a.com`) && \" is invalid at position 17: expected a matcher after '&&'"));
    }
}
