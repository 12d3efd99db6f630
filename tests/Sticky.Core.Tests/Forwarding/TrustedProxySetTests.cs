// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;

namespace Sticky.Forwarding.Tests;

[TestFixture]
public sealed class TrustedProxySetTests
{
    [TestCase("10.0.0.5", "10.0.0.5", true)]
    [TestCase("10.0.0.5", "10.0.0.6", false)]
    [TestCase("10.0.0.0/8", "10.200.1.2", true)]
    [TestCase("10.0.0.0/8", "11.0.0.1", false)]
    [TestCase("10.0.0.0/8", "::ffff:10.1.2.3", true)]
    [TestCase("fd00::/8", "fd12::1", true)]
    [TestCase("fd00::/8", "10.0.0.1", false)]
    [TestCase(" 127.0.0.1 ", "127.0.0.1", true)]
    public void Contains_Address_MatchesAddressesAndRanges(string entry, string address, bool expected)
    {
        var set = TrustedProxySet.Parse([entry]);

        Assert.That(set.Contains(IPAddress.Parse(address)), Is.EqualTo(expected));
    }

    [Test]
    public void Contains_EmptySetOrNullAddress_IsFalse()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TrustedProxySet.Parse([]).Contains(IPAddress.Loopback), Is.False);
            Assert.That(TrustedProxySet.Parse(["127.0.0.1"]).Contains(null), Is.False);
        });
    }

    [TestCase("example.com")]
    [TestCase("10.0.0.0/33")]
    [TestCase("")]
    public void Parse_InvalidEntry_ThrowsNamingIt(string entry)
    {
        Assert.That(() => TrustedProxySet.Parse(["10.0.0.1", entry]), Throws.ArgumentException.With.Message.Contains($"'{entry}'"));
    }
}
