// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Routing.Tests;

[TestFixture]
public sealed class ClientIpMatcherTests
{
    [TestCase("10.0.0.1", true)]
    [TestCase("10.255.255.255", true)]
    [TestCase("11.0.0.1", false)]
    [TestCase("::ffff:10.1.2.3", true)]
    [TestCase("::1", false)]
    public void Matches_Ipv4Cidr_ContainsAddressesOfTheBlock(string remote, bool expected)
    {
        Assert.That(TestRequests.Matches("ClientIP(`10.0.0.0/8`)", TestRequests.Create(remoteIp: remote)), Is.EqualTo(expected));
    }

    [TestCase("192.168.1.7", true)]
    [TestCase("192.168.1.8", false)]
    [TestCase("2001:db8::42", true)]
    [TestCase("2001:db9::42", false)]
    [TestCase("::1", true)]
    public void Matches_SeveralAddressesAndBlocks_MatchesAny(string remote, bool expected)
    {
        var rule = "ClientIP(`192.168.1.7`, `2001:db8::/32`, `::1`)";

        Assert.That(TestRequests.Matches(rule, TestRequests.Create(remoteIp: remote)), Is.EqualTo(expected));
    }

    [Test]
    public void Matches_HostBitsSetInCidr_AreMaskedAsGoDoes()
    {
        Assert.That(TestRequests.Matches("ClientIP(`10.1.2.3/8`)", TestRequests.Create(remoteIp: "10.200.0.1")), Is.True);
    }

    [Test]
    public void Matches_ZeroPrefix_MatchesEveryAddressOfTheFamily()
    {
        Assert.That(TestRequests.Matches("ClientIP(`0.0.0.0/0`)", TestRequests.Create(remoteIp: "203.0.113.9")), Is.True);
        Assert.That(TestRequests.Matches("ClientIP(`0.0.0.0/0`)", TestRequests.Create(remoteIp: "2001:db8::1")), Is.False);
    }

    [Test]
    public void Matches_NoRemoteAddress_DoesNotMatch()
    {
        Assert.That(TestRequests.Matches("ClientIP(`0.0.0.0/0`)", TestRequests.Create()), Is.False);
    }

    [TestCase("10")]
    [TestCase("10.0.0.0/")]
    [TestCase("10.0.0.0/-1")]
    [TestCase("::/129")]
    [TestCase("fe80::1%eth0")]
    public void Parse_InvalidAddress_IsRejected(string value)
    {
        Assert.Throws<RuleParseException>(() => RuleParser.Parse("ClientIP(`" + value + "`)"));
    }
}
