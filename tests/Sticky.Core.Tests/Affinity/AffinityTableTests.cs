// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Backends;
using static Sticky.Affinity.Tests.AffinityTestData;

namespace Sticky.Affinity.Tests;

[TestFixture]
public sealed partial class AffinityTableTests
{
    [Test]
    public void Create_NoConfiguredName_DerivesTraefikV1Name()
    {
        Assert.That(Table(NewBackends(2)).CookieName, Is.EqualTo("_a49bc"));
    }

    [Test]
    public void Create_ConfiguredName_IsSanitized()
    {
        var table = Table(NewBackends(2), new AffinityCookieConfig { CookieName = "my session" });

        Assert.That(table.CookieName, Is.EqualTo("my_session"));
    }

    [Test]
    public void Create_TwoIndependentTables_AgreeOnNameAndValues()
    {
        var config = new AffinityCookieConfig { MaxAge = TimeSpan.FromHours(1), Secure = true };
        var first = Table(NewBackends(4), config, "k"u8.ToArray());
        var second = Table(NewBackends(4), config with { }, "k"u8.ToArray());

        Assert.That(second.CookieName, Is.EqualTo(first.CookieName));
        for (var i = 0; i < 4; i++)
        {
            Assert.That(second.GetCookieValue(second.Backends[i]), Is.EqualTo(first.GetCookieValue(first.Backends[i])));
            Assert.That(second.GetSetCookieHeader(second.Backends[i]), Is.EqualTo(first.GetSetCookieHeader(first.Backends[i])));
        }
    }

    [Test]
    public void GetCookieValue_AnyBackend_IsOpaqueAndDistinct()
    {
        var table = Table(NewBackends(4));
        var values = table.Backends.Select(table.GetCookieValue).ToArray();

        Assert.That(values, Is.Unique);
        Assert.That(values, Has.None.Contain("10.0.0"));
        Assert.That(values, Has.All.Length.EqualTo(AffinityValueCodec.ValueLength));
    }

    [Test]
    public void GetCookieValue_BackendOfAnotherTable_Throws()
    {
        var table = Table(NewBackends(2));
        var stranger = NewBackends(2)[1];

        Assert.That(() => table.GetCookieValue(stranger), Throws.ArgumentException.With.Message.Contains(Service));
        Assert.That(() => table.GetSetCookieHeader(stranger), Throws.ArgumentException);
    }

    [Test]
    public void Create_BackendNotAtItsIndex_Throws()
    {
        var backends = NewBackends(3);

        Assert.That(() => Table([backends[1], backends[0]]), Throws.ArgumentException.With.Message.Contains(Service));
    }

    [Test]
    public void Create_NoBackends_ResolvesCookiesToNoBackend()
    {
        var result = Table([]).Resolve(Cookie("anything"));

        Assert.That(result.Status, Is.EqualTo(AffinityStatus.Repinned));
        Assert.That(result.Backend, Is.Null);
    }

    [Test]
    public void Resolve_OwnValue_IsHitOnThatBackend()
    {
        var table = Table(NewBackends(4));

        foreach (var backend in table.Backends)
        {
            var result = table.Resolve(Cookie(table.GetCookieValue(backend)));

            Assert.That(result.Status, Is.EqualTo(AffinityStatus.Hit));
            Assert.That(result.Backend, Is.SameAs(backend));
            Assert.That(result.NeedsCookie, Is.False);
        }
    }

    [Test]
    public void Resolve_ValueIssuedWithOtherSecret_IsNotHit()
    {
        var tableA = Table(NewBackends(4), secret: "secret-a"u8.ToArray());
        var tableB = Table(NewBackends(4), secret: "secret-b"u8.ToArray());

        for (var i = 0; i < 4; i++)
        {
            var valueA = tableA.GetCookieValue(tableA.Backends[i]);

            Assert.That(valueA, Is.Not.EqualTo(tableB.GetCookieValue(tableB.Backends[i])));
            Assert.That(tableB.Resolve(Cookie(valueA)).Status, Is.EqualTo(AffinityStatus.Repinned));
        }
    }

    [Test]
    public void Resolve_SeedTraefikV1Cookie_IsLegacyHit()
    {
        var table = Table(NewBackends(2));

        var result = table.Resolve(new Microsoft.Extensions.Primitives.StringValues("_a49bc=http://10.0.0.5:8000"));

        Assert.That(result.Status, Is.EqualTo(AffinityStatus.LegacyHit));
        Assert.That(result.Backend, Is.SameAs(table.Backends[0]));
        Assert.That(result.NeedsCookie, Is.True);
    }

    [TestCase("http://10.0.0.6:8000", Description = "v1 raw URL")]
    [TestCase("\"http://10.0.0.6:8000/\"", Description = "quoted, trailing slash")]
    [TestCase("{0}", Description = "handler name")]
    [TestCase("{1}", Description = "v2 fnv1(handler name)")]
    [TestCase("{2}", Description = "v3 sha256(handler name)[:16]")]
    [TestCase("{3}", Description = "v3 sha256(url)[:16]")]
    [TestCase("{4}", Description = "v3 fnv1(url)")]
    public void Resolve_TraefikValueOfLiveBackend_IsLegacyHit(string template)
    {
        const string url = "http://10.0.0.6:8000";
        var handlerName = TraefikCookieValues.HandlerName(url);
        var value = string.Format(
            System.Globalization.CultureInfo.InvariantCulture,
            template,
            handlerName,
            TraefikCookieValues.FnvHash(handlerName),
            TraefikCookieValues.Sha256Prefix(handlerName),
            TraefikCookieValues.Sha256Prefix(url),
            TraefikCookieValues.FnvHash(url));
        var table = Table(NewBackends(3));

        var result = table.Resolve(Cookie(value));

        Assert.That(result.Status, Is.EqualTo(AffinityStatus.LegacyHit));
        Assert.That(result.Backend, Is.SameAs(table.Backends[1]));
    }

    [Test]
    public void Resolve_TraefikValueWithElidedDefaultPort_IsLegacyHit()
    {
        var table = Table(NewBackends(new BackendConfig { Url = "http://whoami-1" }, new BackendConfig { Url = "http://whoami-2:80/" }));

        Assert.That(table.Resolve(Cookie("http://whoami-2")).Backend, Is.SameAs(table.Backends[1]));
        Assert.That(table.Resolve(Cookie("http://whoami-1:80")).Backend, Is.SameAs(table.Backends[0]));
    }

    [TestCase("http://10.9.9.9:8000")]
    [TestCase("http://10.0.0.5:8001")]
    [TestCase("https://10.0.0.5:8000")]
    [TestCase("http://evil.example.com")]
    public void Resolve_TraefikValueOfUrlOutsideTable_IsRepinnedInsideTable(string url)
    {
        var table = Table(NewBackends(3));

        foreach (var value in TraefikCookieValues.Compute(url))
        {
            var result = table.Resolve(Cookie(value));

            Assert.That(result.Status, Is.EqualTo(AffinityStatus.Repinned), value);
            Assert.That(table.Backends, Does.Contain(result.Backend), value);
        }
    }

    [Test]
    public void Resolve_TraefikValueOfUnhealthyBackend_IsRepinnedElsewhere()
    {
        var table = Table(NewBackends(3));
        table.Backends[0].State.SetHealth(BackendHealth.Unhealthy);

        var result = table.Resolve(Cookie("http://10.0.0.5:8000"));

        Assert.That(result.Status, Is.EqualTo(AffinityStatus.Repinned));
        Assert.That(result.Backend, Is.Not.Null.And.Not.SameAs(table.Backends[0]));
    }
}
