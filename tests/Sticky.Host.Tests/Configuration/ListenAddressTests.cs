// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;

namespace Sticky.Host.Configuration.Tests;

[TestFixture]
public sealed class ListenAddressTests
{
    [TestCase(":80", "0.0.0.0", 80)]
    [TestCase("0.0.0.0:80", "0.0.0.0", 80)]
    [TestCase("127.0.0.1:8080", "127.0.0.1", 8080)]
    [TestCase("[::1]:80", "::1", 80)]
    [TestCase("[::]:443", "::", 443)]
    [TestCase("http://*:8080", "0.0.0.0", 8080)]
    [TestCase("http://127.0.0.1:9090/", "127.0.0.1", 9090)]
    [TestCase("localhost:1", "127.0.0.1", 1)]
    [TestCase("127.0.0.1:0", "127.0.0.1", 0)]
    [TestCase(":65535", "0.0.0.0", 65535)]
    [TestCase("  :80  ", "0.0.0.0", 80)]
    public void TryParse_ValidAddress_ReturnsIpAndPort(string text, string expectedIp, int expectedPort)
    {
        var parsed = ListenAddress.TryParse(text, out var address, out var port, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(parsed, Is.True, error);
            Assert.That(address, Is.EqualTo(IPAddress.Parse(expectedIp)));
            Assert.That(port, Is.EqualTo(expectedPort));
            Assert.That(error, Is.Empty);
        });
    }

    [TestCase("80")]
    [TestCase(":99999")]
    [TestCase(":65536")]
    [TestCase(":-1")]
    [TestCase("127.0.0.1:")]
    [TestCase("127.0.0.1")]
    [TestCase(":http")]
    public void TryParse_NoValidPort_ReportsThePort(string text)
    {
        var parsed = ListenAddress.TryParse(text, out _, out _, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(parsed, Is.False);
            Assert.That(error, Does.Contain(text).And.Contain("port"));
        });
    }

    [TestCase("example.com:80")]
    [TestCase("http://example.com:80")]
    public void TryParse_HostName_IsRejected(string text)
    {
        var parsed = ListenAddress.TryParse(text, out _, out _, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(parsed, Is.False);
            Assert.That(error, Does.Contain(text).And.Contain("IP address"));
        });
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase(null)]
    public void TryParse_Empty_IsRejected(string? text)
    {
        var parsed = ListenAddress.TryParse(text, out _, out _, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(parsed, Is.False);
            Assert.That(error, Does.Contain("empty"));
        });
    }
}
