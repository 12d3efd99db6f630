// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Routing.Tests;

[TestFixture]
public sealed class HostRegexpMatcherTests
{
    [TestCase("api.example.com", true)]
    [TestCase("API.example.com:8443", true)]
    [TestCase("example.com", false)]
    [TestCase("a1.example.com", false)]
    [TestCase("a.b.example.com", false)]
    [TestCase("apiXexample.com", false)]
    [TestCase("api.example.com.evil", false)]
    public void Matches_GorillaTemplate_AnchorsAndQuotesLiterals(string host, bool expected)
    {
        var rule = "HostRegexp(`{subdomain:[a-z]+}.example.com`)";

        Assert.That(TestRequests.Matches(rule, TestRequests.Create(host)), Is.EqualTo(expected));
    }

    [TestCase("a.b.example.com", false)]
    [TestCase("any-label.example.com", true)]
    public void Matches_TemplateVariableWithoutPattern_MatchesOneLabel(string host, bool expected)
    {
        Assert.That(TestRequests.Matches("HostRegexp:{sub}.example.com", TestRequests.Create(host)), Is.EqualTo(expected));
    }

    [TestCase("traefik.io", true)]
    [TestCase("traefikXio", false)]
    [TestCase("www.traefik.io", true)]
    [TestCase("w3.traefik.io", false)]
    public void Matches_V1PlainAndTemplateList_MatchesAnyLiterally(string host, bool expected)
    {
        var rule = "HostRegexp:traefik.io,{subdomain:[a-z]+}.traefik.io";

        Assert.That(TestRequests.Matches(rule, TestRequests.Create(host)), Is.EqualTo(expected));
    }

    [TestCase("a.example.com", true)]
    [TestCase("example.com", false)]
    public void Matches_V3PlainRegex_UsesRegexAsWritten(string host, bool expected)
    {
        Assert.That(TestRequests.Matches("HostRegexp(`^.+\\.example\\.com$`)", TestRequests.Create(host)), Is.EqualTo(expected));
    }

    [Test]
    public void Matches_NestedBracesInTemplate_AreCounted()
    {
        var matcher = RuleParser.Parse("HostRegexp(`{id:[0-9]{3}}.example.com`)");

        Assert.That(matcher.Matches(TestRequests.Create("123.example.com")), Is.True);
        Assert.That(matcher.Matches(TestRequests.Create("1234.example.com")), Is.False);
    }

    [Test]
    public void Matches_NoHost_DoesNotMatchEvenAnAnythingPattern()
    {
        Assert.That(TestRequests.Matches("HostRegexp(`.*`)", TestRequests.Create(host: null)), Is.False);
    }
}
