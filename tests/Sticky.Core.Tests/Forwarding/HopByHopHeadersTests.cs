// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Forwarding.Tests;

[TestFixture]
public sealed class HopByHopHeadersTests
{
    [TestCase("X-Hop", "X-Hop", true)]
    [TestCase("keep-alive, X-Hop", "x-hop", true)]
    [TestCase("  X-A ,X-Hop  ", "X-Hop", true)]
    [TestCase("X-Hop-Longer", "X-Hop", false)]
    [TestCase("", "X-Hop", false)]
    [TestCase("close", "X-Hop", false)]
    public void IsListedIn_ConnectionTokens_MatchWholeTokensIgnoringCase(string connection, string name, bool expected)
    {
        Assert.That(HopByHopHeaders.IsListedIn(connection, name), Is.EqualTo(expected));
    }

    [TestCase("trailers", true)]
    [TestCase("deflate, Trailers", true)]
    [TestCase("gzip", false)]
    public void AcceptsTrailers_TeValue_OnlyWhenTrailersListed(string te, bool expected)
    {
        Assert.That(HopByHopHeaders.AcceptsTrailers(te), Is.EqualTo(expected));
    }

    [TestCase("Connection")]
    [TestCase("keep-alive")]
    [TestCase("Proxy-Connection")]
    [TestCase("Transfer-Encoding")]
    [TestCase("UPGRADE")]
    public void Contains_HopByHopName_IsTrue(string name)
    {
        Assert.That(HopByHopHeaders.Contains(name), Is.True);
    }

    [Test]
    public void Contains_EndToEndName_IsFalse()
    {
        Assert.That(HopByHopHeaders.Contains("Set-Cookie"), Is.False);
    }
}
