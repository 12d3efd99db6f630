// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Http;
using static Sticky.Affinity.Tests.AffinityTestData;

namespace Sticky.Affinity.Tests;

public sealed partial class AffinityTableTests
{
    [Test]
    public void GetSetCookieHeader_DefaultConfig_IsPathAndHttpOnly()
    {
        var table = Table(NewBackends(1));
        var value = table.GetCookieValue(table.Backends[0]);

        Assert.That(table.GetSetCookieHeader(table.Backends[0]), Is.EqualTo($"_a49bc={value}; Path=/; HttpOnly"));
    }

    [Test]
    public void GetSetCookieHeader_EveryAttribute_InDocumentedOrder()
    {
        var config = new AffinityCookieConfig
        {
            MaxAge = TimeSpan.FromHours(1),
            Domain = ".example.com",
            Path = "/app",
            Secure = true,
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
        };
        var table = Table(NewBackends(1), config);
        var value = table.GetCookieValue(table.Backends[0]);

        Assert.That(
            table.GetSetCookieHeader(table.Backends[0]),
            Is.EqualTo($"_a49bc={value}; Max-Age=3600; Domain=.example.com; Path=/app; Secure; HttpOnly; SameSite=Lax"));
    }

    [Test]
    public void GetSetCookieHeader_NothingSet_IsNameAndValueOnly()
    {
        var table = Table(NewBackends(1), new AffinityCookieConfig { Path = "", HttpOnly = false });

        Assert.That(table.GetSetCookieHeader(table.Backends[0]), Is.EqualTo("_a49bc=" + table.GetCookieValue(table.Backends[0])));
    }

    [TestCase(SameSiteMode.Unspecified, false, false, "; Path=/")]
    [TestCase(SameSiteMode.None, true, false, "; Path=/; Secure; SameSite=None")]
    [TestCase(SameSiteMode.Lax, false, true, "; Path=/; HttpOnly; SameSite=Lax")]
    [TestCase(SameSiteMode.Strict, true, true, "; Path=/; Secure; HttpOnly; SameSite=Strict")]
    public void GetSetCookieHeader_FlagCombination_AppendsOnlyWhatIsSet(SameSiteMode sameSite, bool secure, bool httpOnly, string expectedAttributes)
    {
        var table = Table(NewBackends(1), new AffinityCookieConfig { SameSite = sameSite, Secure = secure, HttpOnly = httpOnly });

        Assert.That(table.GetSetCookieHeader(table.Backends[0]), Does.EndWith("=" + table.GetCookieValue(table.Backends[0]) + expectedAttributes));
    }

    [TestCase(0, null)]
    [TestCase(0.5, null)]
    [TestCase(90.7, "90")]
    [TestCase(86400 * 30, "2592000")]
    public void GetSetCookieHeader_MaxAge_IsWholeSecondsOrSessionCookie(double seconds, string? expected)
    {
        var table = Table(NewBackends(1), new AffinityCookieConfig { MaxAge = TimeSpan.FromSeconds(seconds) });

        var header = table.GetSetCookieHeader(table.Backends[0]);

        Assert.That(header, expected is null ? Does.Not.Contain("Max-Age") : Does.Contain($"; Max-Age={expected};"));
    }

    [Test]
    public void GetSetCookieHeader_ConfiguredName_UsesSanitizedName()
    {
        var table = Table(NewBackends(1), new AffinityCookieConfig { CookieName = "lvl 1" });

        Assert.That(table.GetSetCookieHeader(table.Backends[0]), Does.StartWith("lvl_1=" + table.GetCookieValue(table.Backends[0]) + ";"));
    }

    [TestCase("/a;b", null)]
    [TestCase("/a b", null)]
    [TestCase("/a\tb", null)]
    [TestCase("/a\u0001", null)]
    [TestCase("/caf\u00e9", null)]
    [TestCase("app", null)]
    [TestCase("/", "example.com; Secure")]
    [TestCase("/", "a b")]
    [TestCase("/", "a\r\nSet-Cookie: x=y")]
    public void Create_InvalidPathOrDomain_ThrowsNamingTheService(string path, string? domain)
    {
        var config = new AffinityCookieConfig { Path = path, Domain = domain };

        Assert.That(() => Table(NewBackends(1), config), Throws.ArgumentException.With.Message.Contains($"'{Service}'"));
    }

    [Test]
    public void Create_NegativeMaxAge_Throws()
    {
        var config = new AffinityCookieConfig { MaxAge = TimeSpan.FromSeconds(-1) };

        Assert.That(() => Table(NewBackends(1), config), Throws.ArgumentException.With.Message.Contains("MaxAge"));
    }
}
