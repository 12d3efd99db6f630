// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Affinity;
using Sticky.Backends;

namespace Sticky.Proxy.Tests;

/// <summary>
/// What a rebuild reuses from the previous snapshot (so a swap of thousands of unchanged backends costs little),
/// and that reuse never points a cookie at the wrong backend.
/// </summary>
public sealed partial class SnapshotBuilderTests
{
    [Test]
    public void Build_BackendUnchanged_KeepsItsBackendObject()
    {
        var builder = CreateBuilder();
        var service = Sticky(Service("web", null, "http://10.0.0.5:8000", "http://10.0.0.6:8000"));
        var first = builder.Build([Input("docker", service)], RoutingSnapshot.Empty);

        // A fresh configuration object with equal values, as a provider's re-read produces.
        var second = builder.Build([Input("docker", service with { Backends = [.. service.Backends.Select(static b => b with { })] })], first);

        Assert.That(second.Services["web"].Backends, Is.EqualTo(first.Services["web"].Backends).Using<Backend>(ReferenceEquals));
    }

    [Test]
    public void Build_WeightChanged_NewBackendObjectWithTheSameUrlIdentityAndState()
    {
        var builder = CreateBuilder();
        var first = builder.Build([Input("docker", Sticky(Service("web", null, "http://10.0.0.5:8000", "http://10.0.0.6:8000")))], RoutingSnapshot.Empty);
        var old = first.Services["web"].Backends[1];

        var second = builder.Build(
            [Input("docker", Sticky(Service("web", null) with { Backends = [new BackendConfig { Url = "http://10.0.0.5:8000" }, new BackendConfig { Url = "http://10.0.0.6:8000", Weight = 4 }] }))],
            first);

        var changed = second.Services["web"].Backends[1];
        Assert.Multiple(() =>
        {
            Assert.That(changed, Is.Not.SameAs(old));
            Assert.That(changed.Weight, Is.EqualTo(4));
            Assert.That(changed.Url, Is.SameAs(old.Url), "the URL is not parsed again");
            Assert.That(changed.Id, Is.SameAs(old.Id));
            Assert.That(changed.State, Is.SameAs(old.State));
            Assert.That(second.Services["web"].Backends[0], Is.SameAs(first.Services["web"].Backends[0]));
        });
    }

    [Test]
    public void Build_BackendMovedToAnotherPosition_GetsANewObjectAtItsNewIndex()
    {
        var builder = CreateBuilder();
        var first = builder.Build([Input("docker", Sticky(Service("web", null, "http://10.0.0.5:8000", "http://10.0.0.6:8000")))], RoutingSnapshot.Empty);

        var second = builder.Build([Input("docker", Sticky(Service("web", null, "http://10.0.0.6:8000", "http://10.0.0.5:8000")))], first);

        var backends = second.Services["web"].Backends;
        Assert.Multiple(() =>
        {
            Assert.That(backends.Select(static b => (b.Id, b.Index)), Is.EqualTo(new[] { ("http://10.0.0.6:8000", 0), ("http://10.0.0.5:8000", 1) }));
            Assert.That(backends[0].State, Is.SameAs(first.Services["web"].Backends[1].State));
        });
    }

    [Test]
    public void Build_WeightsOnlyChanged_CookiesStillNameTheirBackends()
    {
        var builder = CreateBuilder();
        var urls = Enumerable.Range(1, 20).Select(static i => $"http://10.0.0.{i}:8000").ToArray();
        var first = builder.Build([Input("docker", Sticky(Service("web", null, urls)))], RoutingSnapshot.Empty);
        var cookies = CookiesByBackendId(first);

        var reweighted = Sticky(Service("web", null) with { Backends = [.. urls.Select(static (u, i) => new BackendConfig { Url = u, Weight = 1 + (i % 3) })] });
        var second = builder.Build([Input("docker", reweighted)], first);

        AssertCookiesResolve(second, cookies);
    }

    [Test]
    public void Build_BackendsReorderedAddedAndRemoved_CookiesStillNameTheirBackends()
    {
        // The cookie index maps values to positions; when positions change it must be rebuilt, not reused.
        var builder = CreateBuilder();
        var first = builder.Build([Input("docker", Sticky(Service("web", null, "http://10.0.0.1:8000", "http://10.0.0.2:8000", "http://10.0.0.3:8000")))], RoutingSnapshot.Empty);
        var cookies = CookiesByBackendId(first);

        var second = builder.Build([Input("docker", Sticky(Service("web", null, "http://10.0.0.4:8000", "http://10.0.0.3:8000", "http://10.0.0.1:8000")))], first);

        var table = second.Services["web"].Affinity!;
        Assert.Multiple(() =>
        {
            Assert.That(Resolve(table, cookies["http://10.0.0.1:8000"]).Backend?.Id, Is.EqualTo("http://10.0.0.1:8000"));
            Assert.That(Resolve(table, cookies["http://10.0.0.3:8000"]).Backend?.Id, Is.EqualTo("http://10.0.0.3:8000"));
            Assert.That(Resolve(table, cookies["http://10.0.0.2:8000"]).Status, Is.EqualTo(AffinityStatus.Repinned), "a removed backend's clients move");
        });
        AssertCookiesResolve(second, CookiesByBackendId(second));
    }

    [Test]
    public void Build_TraefikCookieAfterAWeightOnlySwap_StillNamesItsBackend()
    {
        var builder = CreateBuilder();
        var first = builder.Build([Input("docker", Sticky(Service("web", null, "http://10.0.0.1:8000", "http://10.0.0.2:8000")))], RoutingSnapshot.Empty);

        var second = builder.Build(
            [Input("docker", Sticky(Service("web", null) with { Backends = [new BackendConfig { Url = "http://10.0.0.1:8000", Weight = 3 }, new BackendConfig { Url = "http://10.0.0.2:8000" }] }))],
            first);

        // Traefik v1 issued the raw server URL as the cookie value.
        var result = Resolve(second.Services["web"].Affinity!, "http://10.0.0.2:8000");
        Assert.That(result.Status, Is.EqualTo(AffinityStatus.LegacyHit));
        Assert.That(result.Backend, Is.SameAs(second.Services["web"].Backends[1]));
    }

    private static Dictionary<string, string> CookiesByBackendId(RoutingSnapshot snapshot)
    {
        var service = snapshot.Services["web"];
        return service.Backends.ToDictionary(static b => b.Id, b => service.Affinity!.GetCookieValue(b));
    }

    private static void AssertCookiesResolve(RoutingSnapshot snapshot, Dictionary<string, string> cookies)
    {
        var service = snapshot.Services["web"];
        Assert.Multiple(() =>
        {
            foreach (var (id, value) in cookies)
            {
                var result = Resolve(service.Affinity!, value);
                Assert.That(result.Status, Is.EqualTo(AffinityStatus.Hit), id);
                Assert.That(result.Backend, Is.SameAs(service.Backends.Single(b => b.Id == id)), id);
            }
        });
    }

    private static AffinityResult Resolve(AffinityTable table, string value) => table.Resolve($"{table.CookieName}={value}");
}
