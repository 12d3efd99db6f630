// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Primitives;
using Sticky.Backends;
using static Sticky.Affinity.Tests.AffinityTestData;

namespace Sticky.Affinity.Tests;

public sealed partial class AffinityTableTests
{
    private const int Clients = 1000;

    [TestCase("")]
    [TestCase("a=1; b=2")]
    [TestCase("_a49bc")]
    [TestCase("_a49bc=")]
    [TestCase("_a49bc=\"\"")]
    [TestCase("_a49bc=; _a49bc=  ")]
    [TestCase("_A49BC=http://10.0.0.5:8000")]
    public void Resolve_NoUsableCookie_IsNone(string header)
    {
        var result = Table(NewBackends(2)).Resolve(new StringValues(header));

        Assert.That(result.Status, Is.EqualTo(AffinityStatus.None));
        Assert.That(result.Backend, Is.Null);
    }

    [Test]
    public void Resolve_NoHeader_IsNone()
    {
        Assert.That(Table(NewBackends(2)).Resolve(default).Status, Is.EqualTo(AffinityStatus.None));
    }

    [TestCase("=")]
    [TestCase(";;;")]
    [TestCase("_a49bc==")]
    [TestCase("_a49bc=;;;")]
    [TestCase("_a49bc=garbage")]
    [TestCase("_a49bc=\"quoted\"")]
    [TestCase("_a49bc=\"unbalanced")]
    [TestCase("_a49bc=h\u00e9llo w\u00f6rld \ud83d\ude00")]
    [TestCase("_a49bc=\u0000\u0001\u007f")]
    [TestCase("_a49bc=x; _a49bc=y; _a49bc=z")]
    [TestCase("_a49bc=../../etc/passwd")]
    [TestCase("_a49bc=http://169.254.169.254/")]
    [TestCase("_a49bc=http://10.0.0.5:8000@evil")]
    public void Resolve_GarbageCookie_StaysInsideTable(string header)
    {
        var table = Table(NewBackends(3));

        var result = table.Resolve(new StringValues(header));

        Assert.That(result.Backend is null || table.Backends.Contains(result.Backend), Is.True);
        Assert.That(result.Status, Is.AnyOf(AffinityStatus.None, AffinityStatus.Repinned));
    }

    [Test]
    public void Resolve_LoneSurrogate_StaysInsideTable()
    {
        var table = Table(NewBackends(3));
        var header = "_a49bc=a" + (char)0xD800 + "b; x=" + (char)0xDC00;

        var result = table.Resolve(new StringValues(header));

        Assert.That(result.Status, Is.EqualTo(AffinityStatus.Repinned));
        Assert.That(table.Backends, Does.Contain(result.Backend));
    }

    [Test]
    public void Resolve_HugeHeaders_StayInsideTable()
    {
        var table = Table(NewBackends(3));
        var hugeValue = new string('x', 100_000);
        var hugeHeader = string.Concat(Enumerable.Repeat("junk=0123456789; ", 6_000));

        var repinned = table.Resolve(Cookie(hugeValue));
        var none = table.Resolve(new StringValues(hugeHeader));
        var hit = table.Resolve(new StringValues(hugeHeader + "_a49bc=" + table.GetCookieValue(table.Backends[2])));

        Assert.That(repinned.Status, Is.EqualTo(AffinityStatus.Repinned));
        Assert.That(table.Backends, Does.Contain(repinned.Backend));
        Assert.That(none.Status, Is.EqualTo(AffinityStatus.None));
        Assert.That(hit.Backend, Is.SameAs(table.Backends[2]));
    }

    [Test]
    public void Resolve_QuotedOwnValue_IsHit()
    {
        var table = Table(NewBackends(2));

        var result = table.Resolve(Cookie($"\"{table.GetCookieValue(table.Backends[1])}\""));

        Assert.That(result.Status, Is.EqualTo(AffinityStatus.Hit));
        Assert.That(result.Backend, Is.SameAs(table.Backends[1]));
    }

    [Test]
    public void Resolve_DuplicatedName_FirstValidValueWins()
    {
        var table = Table(NewBackends(3));
        var value1 = table.GetCookieValue(table.Backends[1]);
        var value2 = table.GetCookieValue(table.Backends[2]);

        var afterGarbage = table.Resolve(new StringValues([$"_a49bc=garbage; _a49bc={value1}", $"_a49bc={value2}"]));
        var legacyFirst = table.Resolve(new StringValues($"_a49bc=http://10.0.0.7:8000; _a49bc={value1}"));

        Assert.That(afterGarbage.Status, Is.EqualTo(AffinityStatus.Hit));
        Assert.That(afterGarbage.Backend, Is.SameAs(table.Backends[1]));
        Assert.That(legacyFirst.Status, Is.EqualTo(AffinityStatus.LegacyHit));
        Assert.That(legacyFirst.Backend, Is.SameAs(table.Backends[2]));
    }

    [Test]
    public void Resolve_DuplicatedNameWithoutValidValue_RepinsFromFirstValue()
    {
        var table = Table(NewBackends(4));
        table.Backends[0].State.SetHealth(BackendHealth.Unhealthy);
        var deadPin = table.GetCookieValue(table.Backends[0]);

        for (var i = 0; i < 50; i++)
        {
            var both = table.Resolve(new StringValues($"_a49bc=; _a49bc=client-{i}; _a49bc={deadPin}"));
            var firstOnly = table.Resolve(Cookie($"client-{i}"));

            Assert.That(both.Status, Is.EqualTo(AffinityStatus.Repinned));
            Assert.That(both.Backend, Is.SameAs(firstOnly.Backend));
        }
    }

    [Test]
    public void Resolve_Repin_IsIdenticalOnIndependentTables()
    {
        var first = Table(NewBackends(5));
        var second = Table(NewBackends(5));

        for (var i = 0; i < Clients; i++)
        {
            var cookie = Cookie($"client-{i}");

            Assert.That(second.Resolve(cookie).Backend!.Id, Is.EqualTo(first.Resolve(cookie).Backend!.Id));
        }
    }

    [Test]
    public void Resolve_Repin_SpreadsClientsEvenly()
    {
        var table = Table(NewBackends(4));

        var counts = Enumerable.Range(0, Clients)
            .GroupBy(i => table.Resolve(Cookie($"client-{i}")).Backend!.Index)
            .ToDictionary(g => g.Key, g => g.Count());

        Assert.That(counts.Keys, Is.EquivalentTo(new[] { 0, 1, 2, 3 }));
        Assert.That(counts.Values, Has.All.InRange(170, 330));
    }

    [Test]
    public void Resolve_WeightedRepin_FollowsWeights()
    {
        var table = Table(NewBackends(new BackendConfig { Url = "http://10.0.0.5:8000", Weight = 1 }, new BackendConfig { Url = "http://10.0.0.6:8000", Weight = 3 }));

        var heavy = Enumerable.Range(0, 4 * Clients).Count(i => table.Resolve(Cookie($"client-{i}")).Backend == table.Backends[1]);

        Assert.That(heavy, Is.InRange(2800, 3200));
    }

    [Test]
    public void Resolve_OneOfFourBackendsRemoved_MovesOnlyItsClients()
    {
        var before = Table(NewBackends(4));
        var removedId = before.Backends[2].Id;
        var remaining = before.Backends.Where(b => b.Id != removedId).Select(b => b.Config).ToArray();
        var after = Table(NewBackends(remaining));

        var moved = 0;
        for (var i = 0; i < Clients; i++)
        {
            // The first request re-pins the client; the response gives it that backend's cookie.
            var pinnedBefore = before.Resolve(Cookie($"client-{i}")).Backend!;
            var cookie = Cookie(before.GetCookieValue(pinnedBefore));

            var resultAfter = after.Resolve(cookie);
            if (pinnedBefore.Id == removedId)
            {
                moved++;
                Assert.That(resultAfter.Status, Is.EqualTo(AffinityStatus.Repinned));
                Assert.That(resultAfter.Backend!.Id, Is.Not.EqualTo(removedId));
            }
            else
            {
                Assert.That(resultAfter.Status, Is.EqualTo(AffinityStatus.Hit));
                Assert.That(resultAfter.Backend!.Id, Is.EqualTo(pinnedBefore.Id));
            }

            // Rendezvous itself: a raw value only changes backend when its winner was removed.
            var repinAfter = after.Resolve(Cookie($"client-{i}")).Backend!;
            Assert.That(repinAfter.Id == pinnedBefore.Id, Is.EqualTo(pinnedBefore.Id != removedId));
        }

        Assert.That(moved, Is.InRange(170, 330));
    }

    [Test]
    public void Resolve_DrainingBackend_KeepsHitsButGetsNoRepinnedClient()
    {
        var table = Table(NewBackends(
            new BackendConfig { Url = "http://10.0.0.5:8000" },
            new BackendConfig { Url = "http://10.0.0.6:8000", Draining = true },
            new BackendConfig { Url = "http://10.0.0.7:8000", Weight = 0 },
            new BackendConfig { Url = "http://10.0.0.8:8000" }));

        Assert.That(table.Resolve(Cookie(table.GetCookieValue(table.Backends[1]))).Status, Is.EqualTo(AffinityStatus.Hit));
        Assert.That(table.Resolve(Cookie(table.GetCookieValue(table.Backends[2]))).Status, Is.EqualTo(AffinityStatus.Hit));
        Assert.That(table.Resolve(Cookie("http://10.0.0.6:8000")).Status, Is.EqualTo(AffinityStatus.LegacyHit));
        for (var i = 0; i < Clients; i++)
        {
            var backend = table.Resolve(Cookie($"client-{i}")).Backend;

            Assert.That(backend, Is.SameAs(table.Backends[0]).Or.SameAs(table.Backends[3]));
        }
    }

    [Test]
    public void Resolve_UnhealthyBackend_ItsClientsAreRepinnedElsewhere()
    {
        var table = Table(NewBackends(3));
        var pin = Cookie(table.GetCookieValue(table.Backends[1]));
        table.Backends[1].State.SetHealth(BackendHealth.Unhealthy);

        var whileDown = table.Resolve(pin);
        table.Backends[1].State.SetHealth(BackendHealth.Healthy);
        var whenBack = table.Resolve(pin);

        Assert.That(whileDown.Status, Is.EqualTo(AffinityStatus.Repinned));
        Assert.That(whileDown.Backend, Is.Not.Null.And.Not.SameAs(table.Backends[1]));
        Assert.That(whenBack.Status, Is.EqualTo(AffinityStatus.Hit));
        Assert.That(whenBack.Backend, Is.SameAs(table.Backends[1]));
    }

    [Test]
    public void Resolve_NoBackendTakesNewClients_RepinsToNull()
    {
        var table = Table(NewBackends(new BackendConfig { Url = "http://10.0.0.5:8000", Draining = true }, new BackendConfig { Url = "http://10.0.0.6:8000" }));
        table.Backends[1].State.SetHealth(BackendHealth.Unhealthy);

        var result = table.Resolve(Cookie(table.GetCookieValue(table.Backends[1])));

        Assert.That(result.Status, Is.EqualTo(AffinityStatus.Repinned));
        Assert.That(result.Backend, Is.Null);
    }
}
