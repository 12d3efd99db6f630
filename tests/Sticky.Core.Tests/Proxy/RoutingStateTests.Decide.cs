// Licensed under the MIT License. See LICENSE in the repository root.

using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sticky.Affinity;
using Sticky.Backends;
using Sticky.Balancing;
using Sticky.Configuration;
using Sticky.Providers;
using Sticky.TestInfrastructure;

namespace Sticky.Proxy.Tests;

public sealed partial class RoutingStateTests
{
    [Test]
    public async Task Decide_NoCookie_PicksBackendAndSetsCookie()
    {
        var (snapshot, service) = await StartWhoamiAsync();
        var context = Context(cookie: null);

        var decision = StickyProxyHandler.Decide(context, service);

        Assert.That(snapshot.Routes.Match(context.Request), Is.SameAs(service));
        Assert.That(service.Backends, Has.Member(decision.Backend));
        Assert.That(decision.SetCookie, Is.EqualTo(service.Affinity!.GetSetCookieHeader(decision.Backend!)));
        Assert.That(decision.SetCookie, Does.StartWith("_a49bc=" + service.Affinity.GetCookieValue(decision.Backend!) + ";"));
    }

    [Test]
    public async Task Decide_NoCookie_BalancesAcrossBackends()
    {
        var (_, service) = await StartWhoamiAsync();

        var picked = Enumerable.Range(0, 30).Select(_ => StickyProxyHandler.Decide(Context(cookie: null), service).Backend!.Id).ToArray();

        Assert.That(picked.Distinct(), Is.EquivalentTo(s_whoamiUrls));
        Assert.That(picked.GroupBy(id => id).Select(g => g.Count()), Is.All.EqualTo(10));
    }

    [Test]
    public async Task Decide_OwnCookie_SameBackendWithoutSetCookie()
    {
        var (_, service) = await StartWhoamiAsync();

        foreach (var backend in service.Backends)
        {
            var cookie = $"theme=dark; _a49bc={service.Affinity!.GetCookieValue(backend)}; lang=en";
            for (var i = 0; i < 5; i++)
            {
                var decision = StickyProxyHandler.Decide(Context(cookie), service);

                Assert.That(decision.Backend, Is.SameAs(backend));
                Assert.That(decision.SetCookie, Is.Null);
            }
        }
    }

    [Test]
    public async Task Decide_CookieFromAnEarlierGeneration_StillPinsTheSameServer()
    {
        var provider = new InMemoryBackendProvider([WhoamiService()]);
        var state = CreateState(provider);
        await state.StartAsync(CancellationToken.None);
        using var watcher = new SnapshotWatcher(state);
        var old = state.Current.Services[Whoami];
        var cookie = "_a49bc=" + old.Affinity!.GetCookieValue(old.Backends[1]);

        provider.Update([WhoamiService() with { Backends = [new BackendConfig { Url = "http://10.0.0.8:8000" }, .. WhoamiService().Backends] }]);
        var next = (await watcher.WaitForAsync(s => s.Generation == 2)).Services[Whoami];
        var decision = StickyProxyHandler.Decide(Context(cookie), next);

        Assert.That(decision.Backend!.Id, Is.EqualTo(old.Backends[1].Id));
        Assert.That(decision.Backend, Is.SameAs(next.Backends[2]));
        Assert.That(decision.SetCookie, Is.Null);
    }

    [Test]
    public async Task Decide_TraefikV1RawUrlCookie_ThatBackendAndCookieReissuedInOurFormat()
    {
        var (_, service) = await StartWhoamiAsync();

        var decision = StickyProxyHandler.Decide(Context("_a49bc=http://10.0.0.6:8000"), service);

        Assert.That(decision.Backend!.Id, Is.EqualTo("http://10.0.0.6:8000"));
        Assert.That(decision.SetCookie, Is.EqualTo(service.Affinity!.GetSetCookieHeader(decision.Backend)));
        Assert.That(decision.SetCookie, Does.StartWith("_a49bc=" + service.Affinity.GetCookieValue(decision.Backend) + ";"));
        Assert.That(decision.SetCookie, Does.Not.Contain("10.0.0.6"));
    }

    [TestCase("_a49bc=http://10.0.0.99:8000")]
    [TestCase("_a49bc=forged-or-stale-value")]
    public async Task Decide_UnknownCookie_BackendOfTheTableAndSetCookie(string cookie)
    {
        var (_, service) = await StartWhoamiAsync();

        var decision = StickyProxyHandler.Decide(Context(cookie), service);
        var again = StickyProxyHandler.Decide(Context(cookie), service);

        Assert.That(service.Backends, Has.Member(decision.Backend));
        Assert.That(decision.SetCookie, Is.EqualTo(service.Affinity!.GetSetCookieHeader(decision.Backend!)));
        Assert.That(again.Backend, Is.SameAs(decision.Backend), "a re-pin is deterministic");
    }

    [Test]
    public async Task Decide_NonStickyService_PicksBackendWithoutCookie()
    {
        var state = CreateState(new InMemoryBackendProvider([Service("web", "http://10.0.0.5:8000", "http://10.0.0.6:8000")]));
        await state.StartAsync(CancellationToken.None);
        var service = state.Current.Services["web"];

        var decision = StickyProxyHandler.Decide(Context("_a49bc=http://10.0.0.6:8000"), service);

        Assert.That(service.Backends, Has.Member(decision.Backend));
        Assert.That(decision.SetCookie, Is.Null);
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task MatchAndDecide_AfterWarmUp_AllocateNothing(bool withCookie)
    {
        var (snapshot, service) = await StartWhoamiAsync();
        var cookie = withCookie ? $"theme=dark; _a49bc={service.Affinity!.GetCookieValue(service.Backends[2])}" : null;
        var context = Context(cookie);
        var decision = default(StickyProxyHandler.RoutingDecision);
        for (var i = 0; i < 100; i++)
        {
            decision = StickyProxyHandler.Decide(context, snapshot.Routes.Match(context.Request)!);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            decision = StickyProxyHandler.Decide(context, snapshot.Routes.Match(context.Request)!);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero);
        Assert.That(decision.Backend, Is.Not.Null);
        Assert.That(decision.SetCookie, withCookie ? Is.Null : Is.Not.Null);
    }
}
