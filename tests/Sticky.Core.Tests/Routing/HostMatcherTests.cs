// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Routing.Tests;

[TestFixture]
public sealed class HostMatcherTests
{
    [TestCase("example.com", true)]
    [TestCase("EXAMPLE.com", true)]
    [TestCase("example.com:8080", true)]
    [TestCase("example.com.", true)]
    [TestCase("example.com.:443", true)]
    [TestCase("www.example.com", false)]
    [TestCase("example.co", false)]
    [TestCase("example.com.evil", false)]
    [TestCase("", false)]
    public void Matches_HostRule_IgnoresCasePortAndTrailingDot(string host, bool expected)
    {
        Assert.That(TestRequests.Matches("Host(`Example.com`)", TestRequests.Create(host)), Is.EqualTo(expected));
    }

    [Test]
    public void Matches_NoHostHeader_DoesNotMatch()
    {
        Assert.That(TestRequests.Matches("Host(`example.com`)", TestRequests.Create(host: null)), Is.False);
    }

    [TestCase("[::1]:8080", true)]
    [TestCase("[::1]", true)]
    [TestCase("::1", true)]
    [TestCase("[::2]:8080", false)]
    public void Matches_IPv6Host_ComparesWithoutBracketsAndPort(string host, bool expected)
    {
        Assert.That(TestRequests.Matches("Host(`[::1]`)", TestRequests.Create(host)), Is.EqualTo(expected));
        Assert.That(TestRequests.Matches("Host(`::1`)", TestRequests.Create(host)), Is.EqualTo(expected));
    }

    [TestCase("a.com", true)]
    [TestCase("b.com:80", true)]
    [TestCase("c.com", false)]
    public void Matches_SeveralHosts_MatchesAny(string host, bool expected)
    {
        Assert.That(TestRequests.Matches("Host(`a.com`, `b.com`)", TestRequests.Create(host)), Is.EqualTo(expected));
        Assert.That(TestRequests.Matches("Host:a.com,b.com", TestRequests.Create(host)), Is.EqualTo(expected));
    }

    [Test]
    public void Matches_UnicodeRuleAndPunycodeRequest_Match()
    {
        // Clients send IDNs in punycode; the rule may be written either way.
        var request = TestRequests.Create("xn--bcher-kva.example:8080");

        Assert.That(TestRequests.Matches("Host(`bücher.example`)", request), Is.True);
        Assert.That(TestRequests.Matches("Host(`xn--bcher-kva.example`)", request), Is.True);
    }

    [Test]
    public void Matches_HostHeaderMatcher_BehavesAsHost()
    {
        Assert.That(TestRequests.Matches("HostHeader(`example.com`)", TestRequests.Create("example.com:1")), Is.True);
    }
}
