// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Backends;

namespace Sticky.Affinity.Tests;

[TestFixture]
public sealed class AffinityTableTraefikOptOutTests
{
    [Test]
    public void Resolve_TraefikValuesTurnedOff_RawUrlIsNotHonouredAsAPin()
    {
        var backends = AffinityTestData.NewBackends(4);
        var table = AffinityTable.Create("whoami-service", new AffinityCookieConfig(), backends, "0123456789abcdef0123"u8, acceptTraefikValues: false);

        foreach (var backend in backends)
        {
            var result = table.Resolve(AffinityTestData.Cookie(backend.Id));

            // Not a legacy hit: the guessable URL is treated like any unknown value and re-pinned.
            Assert.That(result.Status, Is.EqualTo(AffinityStatus.Repinned));
            Assert.That(backends, Does.Contain(result.Backend));
        }
    }

    [Test]
    public void Resolve_TraefikValuesOn_RawUrlIsALegacyHitOnItsBackend()
    {
        var backends = AffinityTestData.NewBackends(4);
        var table = AffinityTable.Create("whoami-service", new AffinityCookieConfig(), backends, "0123456789abcdef0123"u8, acceptTraefikValues: true);

        var result = table.Resolve(AffinityTestData.Cookie(backends[2].Id));

        Assert.That(result.Status, Is.EqualTo(AffinityStatus.LegacyHit));
        Assert.That(result.Backend, Is.SameAs(backends[2]));
    }
}
