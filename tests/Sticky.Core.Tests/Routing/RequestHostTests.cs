// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Routing.Tests;

[TestFixture]
public sealed class RequestHostTests
{
    [TestCase("example.com", "example.com")]
    [TestCase("example.com:8080", "example.com")]
    [TestCase("example.com.", "example.com")]
    [TestCase("[::1]:8080", "::1")]
    [TestCase("[::1]", "::1")]
    [TestCase("fe80::1", "fe80::1")]
    [TestCase("10.0.0.5:80", "10.0.0.5")]
    [TestCase("", "")]
    public void Normalize_HostHeaderValue_StripsPortBracketsAndTrailingDot(string value, string expected)
    {
        Assert.That(RequestHost.Normalize(value).ToString(), Is.EqualTo(expected));
    }
}
