// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Sticky.Affinity;
using Sticky.Backends;
using Sticky.Balancing;
using Sticky.Configuration;
using Sticky.Providers;
using Sticky.TestInfrastructure;

namespace Sticky.Proxy.Tests;

[TestFixture]
public sealed class DrainingTests
{
    private static readonly TimeSpan s_drainTimeout = TimeSpan.FromSeconds(30);

    [Test]
    public async Task DrainingBackend_KeepsItsPinsUntilTheDrainTimeout_ThenTheyMove_AndNeverGetsNewClients()
    {
        var time = new FakeTimeProvider();
        var provider = new InMemoryBackendProvider([Service(draining: false)]);
        using var state = CreateState(provider, time);
        await state.StartAsync(CancellationToken.None);
        var pinnedCookie = CookieFor(state.Current, 0);

        await UpdateAndWaitAsync(state, provider, Service(draining: true));
        var draining = state.Current.Services["svc"].Backends[0];

        Assert.That(Decide(state.Current, pinnedCookie).Backend, Is.SameAs(draining), "pinned clients stay during the drain");
        for (var i = 0; i < 20; i++)
        {
            Assert.That(Decide(state.Current, null).Backend, Is.Not.SameAs(draining), "no new client goes to a draining backend");
        }

        // The drain timeout fires a rebuild by itself (a timer on the TimeProvider), no provider change needed.
        var rebuilt = WaitForChange(state);
        time.Advance(s_drainTimeout);
        await rebuilt;

        var moved = Decide(state.Current, pinnedCookie);
        Assert.That(moved.Backend, Is.Not.Null.And.Not.SameAs(state.Current.Services["svc"].Backends[0]));
        Assert.That(moved.SetCookie, Is.Not.Null, "the moved client gets a cookie for its new backend");
    }

    [Test]
    public async Task Drain_OperatorRequest_StopsNewClientsButKeepsPins()
    {
        var time = new FakeTimeProvider();
        var provider = new InMemoryBackendProvider([Service(draining: false)]);
        using var state = CreateState(provider, time);
        await state.StartAsync(CancellationToken.None);
        var backend = state.Current.Services["svc"].Backends[1];
        var pinnedCookie = CookieFor(state.Current, 1);

        var rebuilt = WaitForChange(state);
        Assert.That(state.Drain("svc", backend.Id), Is.True);
        await rebuilt;

        var drained = state.Current.Services["svc"].Backends[1];
        Assert.That(drained.IsDraining, Is.True);
        Assert.That(Decide(state.Current, pinnedCookie).Backend, Is.SameAs(drained));
        for (var i = 0; i < 20; i++)
        {
            Assert.That(Decide(state.Current, null).Backend, Is.Not.SameAs(drained));
        }

        Assert.That(state.Drain("svc", "http://10.9.9.9:1"), Is.False, "unknown backends are reported, not invented");
        Assert.That(state.Drain("nope", backend.Id), Is.False);
    }

    [Test]
    public async Task DrainEnds_WhenTheProviderStopsReportingIt_TheBackendTakesNewClientsAgain()
    {
        var time = new FakeTimeProvider();
        var provider = new InMemoryBackendProvider([Service(draining: true)]);
        using var state = CreateState(provider, time);
        await state.StartAsync(CancellationToken.None);

        await UpdateAndWaitAsync(state, provider, Service(draining: false));

        var picks = Enumerable.Range(0, 30).Select(_ => Decide(state.Current, null).Backend!.Index).ToHashSet();
        Assert.That(picks, Does.Contain(0));
    }

    private static RoutingState CreateState(IBackendProvider provider, TimeProvider time)
    {
        var options = new StickyOptions();
        options.Health.DrainTimeout = s_drainTimeout;
        return new RoutingState([provider], [new WeightedRoundRobinPolicy()], Options.Create(options), time, new TestLogger<RoutingState>());
    }

    private static ServiceConfig Service(bool draining) => new()
    {
        Name = "svc",
        Backends =
        [
            new BackendConfig { Url = "http://10.0.0.1:80", Draining = draining },
            new BackendConfig { Url = "http://10.0.0.2:80" },
            new BackendConfig { Url = "http://10.0.0.3:80" },
        ],
        Affinity = new AffinityCookieConfig(),
    };

    private static string CookieFor(RoutingSnapshot snapshot, int backend)
    {
        var service = snapshot.Services["svc"];
        return $"{service.Affinity!.CookieName}={service.Affinity.GetCookieValue(service.Backends[backend])}";
    }

    private static StickyProxyHandler.RoutingDecision Decide(RoutingSnapshot snapshot, string? cookie)
    {
        var context = new DefaultHttpContext();
        if (cookie is not null)
        {
            context.Request.Headers.Cookie = cookie;
        }

        return StickyProxyHandler.Decide(context, snapshot.Services["svc"]);
    }

    private static Task WaitForChange(RoutingState state)
    {
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        state.Changed += _ => changed.TrySetResult();
        return changed.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    private static async Task UpdateAndWaitAsync(RoutingState state, InMemoryBackendProvider provider, ServiceConfig service)
    {
        var changed = WaitForChange(state);
        provider.Update([service]);
        await changed;
    }
}
