// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Affinity.Tests;

[TestFixture]
public sealed class TraefikCookieValuesTests
{
    // Expected values computed independently (Python hashlib and a separate FNV implementation).
    [TestCase("http://10.0.0.5:8000", Description = "v1: raw URL, as in the seed tutorial")]
    [TestCase("http://10.0.0.5:8000/", Description = "raw URL with trailing slash")]
    [TestCase("e1a0c28117f6e76b", Description = "handler name hex(fnv1a(url))")]
    [TestCase("f0271022397a2ffe", Description = "v2: fnv1(handler name)")]
    [TestCase("92f7b2fe12115c98", Description = "v2.11/v3.0: sha256(handler name)[:16]")]
    [TestCase("b1b6c237bc22d9b8", Description = "v3: sha256(url)[:16]")]
    [TestCase("6766db76ca2c58ab", Description = "v3 compatibility: fnv1(url)")]
    [TestCase("eb32507b77267b1e", Description = "v3 compatibility: fnv1(fnv1(url))")]
    public void Compute_SeedBackend_ContainsTraefikForm(string expected)
    {
        Assert.That(TraefikCookieValues.Compute("http://10.0.0.5:8000"), Does.Contain(expected));
    }

    [Test]
    public void Compute_AnyBackend_HasNoDuplicates()
    {
        Assert.That(TraefikCookieValues.Compute("http://10.0.0.6:80"), Is.Unique);
    }

    [Test]
    public void HandlerName_LeadingZeroNibble_IsKept()
    {
        // hex.EncodeToString keeps leading zeros.
        Assert.That(TraefikCookieValues.HandlerName("http://10.0.10.1:8000"), Is.EqualTo("0174e1af87b905a4"));
    }

    [Test]
    public void FnvHash_LeadingZeroNibble_IsDropped()
    {
        // strconv.FormatUint(x, 16) has no leading zeros: 15 digits here.
        var handlerName = TraefikCookieValues.HandlerName("http://10.0.7.1:8000");

        Assert.That(handlerName, Is.EqualTo("52ef53685f53bf78"));
        Assert.That(TraefikCookieValues.FnvHash(handlerName), Is.EqualTo("cc1f601578ef423"));
    }

    [Test]
    public void Sha256Prefix_LeadingZeroByte_IsKept()
    {
        Assert.That(TraefikCookieValues.Sha256Prefix("efff6ced9eb4e4ae"), Is.EqualTo("002da14db906e7c7"));
    }

    [Test]
    public void Compute_DefaultPort_AlsoCoversUrlWithoutPort()
    {
        var values = TraefikCookieValues.Compute("http://10.0.0.6:80");

        Assert.That(values, Does.Contain("http://10.0.0.6").And.Contain("http://10.0.0.6/"));
        Assert.That(values, Does.Contain("efff6ced9eb4e4ae").And.Contain("002da14db906e7c7").And.Contain("9148f55b1f724e6a"));
    }

    [TestCase("http://10.0.0.6:80", new[] { "http://10.0.0.6:80", "http://10.0.0.6:80/", "http://10.0.0.6", "http://10.0.0.6/" })]
    [TestCase("https://api:443/base", new[] { "https://api:443/base", "https://api:443/base/", "https://api/base", "https://api/base/" })]
    [TestCase("http://[fd00::1]:80", new[] { "http://[fd00::1]:80", "http://[fd00::1]:80/", "http://[fd00::1]", "http://[fd00::1]/" })]
    [TestCase("http://10.0.0.5:8000", new[] { "http://10.0.0.5:8000", "http://10.0.0.5:8000/" })]
    [TestCase("https://api:80", new[] { "https://api:80", "https://api:80/" })]
    public void UrlForms_BackendId_ListsTheSpellingsTraefikMayHaveUsed(string backendId, string[] expected)
    {
        Assert.That(TraefikCookieValues.UrlForms(backendId), Is.EqualTo(expected));
    }
}
