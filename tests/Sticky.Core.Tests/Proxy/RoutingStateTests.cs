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

[TestFixture]
public sealed partial class RoutingStateTests
{
    private const string Whoami = "whoami-service";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);
    private static readonly string[] s_whoamiUrls = ["http://10.0.0.5:8000", "http://10.0.0.6:8000", "http://10.0.0.7:8000"];

    private FakeTimeProvider _time = null!;
    private TestLogger<RoutingState> _logger = null!;
    private readonly List<RoutingState> _states = [];

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider();
        _logger = new TestLogger<RoutingState>();
    }

    [TearDown]
    public void TearDown()
    {
        foreach (var state in _states)
        {
            state.Dispose();
        }

        _states.Clear();
    }

    [Test]
    public void Current_BeforeStart_IsEmpty()
    {
        var state = CreateState(new InMemoryBackendProvider([Service("web", "http://10.0.0.5:8000")]));

        Assert.That(state.Current, Is.SameAs(RoutingSnapshot.Empty));
        Assert.That(state.Current.Generation, Is.Zero);
    }

    [Test]
    public async Task StartAsync_LoadsEveryProvider()
    {
        var memory = new InMemoryBackendProvider([Service("web", "http://10.0.0.5:8000")]);
        var registry = new InMemoryBackendProvider([Service("api", "http://10.0.0.9:8000") with { Rule = "PathPrefix:/api" }], "registry");
        var state = CreateState(memory, registry);
        using var watcher = new SnapshotWatcher(state);

        await state.StartAsync(CancellationToken.None);

        var current = state.Current;
        Assert.That(current.Generation, Is.EqualTo(1));
        Assert.That(current.Services.Keys, Is.EquivalentTo(new[] { "web", "api" }));
        Assert.That(current.Services["api"].ProviderName, Is.EqualTo("registry"));
        Assert.That(current.Errors, Is.Empty);
        Assert.That(watcher.Count, Is.EqualTo(1));
        Assert.That(state.Providers, Is.EqualTo(new IBackendProvider[] { memory, registry }));
        Assert.That(_logger.Entries, Has.Some.Matches<TestLogEntry>(e => e!.EventId.Name == "RoutingTableUpdated" && e.Message.Contains("generation 1, 2 services, 2 servers", StringComparison.Ordinal)));
    }

    [Test]
    public async Task Update_TriggersOneRebuildAndTheChangedEvent()
    {
        var provider = new InMemoryBackendProvider([Service("web", "http://10.0.0.5:8000")]);
        var state = CreateState(provider);
        await state.StartAsync(CancellationToken.None);
        using var watcher = new SnapshotWatcher(state);

        provider.Update([Service("web", "http://10.0.0.5:8000", "http://10.0.0.6:8000")]);
        var published = await watcher.WaitForAsync(s => s.Generation == 2);

        Assert.That(published, Is.SameAs(state.Current));
        Assert.That(published.Services["web"].Backends.Select(b => b.Id), Is.EqualTo(new[] { "http://10.0.0.5:8000", "http://10.0.0.6:8000" }));
        Assert.That(watcher.Snapshots, Is.EqualTo(new[] { published }));
    }

    [Test]
    public async Task Update_BurstOf50DuringARebuild_CoalescesAndEndsWithTheLastConfiguration()
    {
        var provider = new InMemoryBackendProvider([Service("web", "http://10.0.0.1:8000")]);
        var state = CreateState(provider);
        await state.StartAsync(CancellationToken.None);
        using var watcher = new SnapshotWatcher(state);

        // The first rebuild is held (Changed runs inside it) until the whole burst has been reported,
        // as a slow build would be; everything reported meanwhile must fold into one more build.
        using var release = new ManualResetEventSlim();
        var held = 0;
        state.Changed += _ =>
        {
            if (Interlocked.Exchange(ref held, 1) == 0)
            {
                release.Wait(s_timeout);
            }
        };
        for (var i = 1; i <= 50; i++)
        {
            provider.Update([Service("web", $"http://10.0.0.1:{8000 + i}")]);
        }

        release.Set();
        var last = await watcher.WaitForAsync(s => s.Services["web"].Backends[0].Id == "http://10.0.0.1:8050");

        Assert.That(watcher.Count, Is.InRange(1, 2), "50 updates must coalesce into at most two rebuilds");
        Assert.That(last.Generation, Is.EqualTo(1 + watcher.Count));
        Assert.That(last.Services["web"].Backends, Has.Length.EqualTo(1));
    }

    [Test]
    public async Task Update_BurstOf50_FarFewerRebuildsThanUpdates()
    {
        var provider = new InMemoryBackendProvider([Service("web", "http://10.0.0.1:8000")]);
        var state = CreateState(provider);
        await state.StartAsync(CancellationToken.None);
        using var watcher = new SnapshotWatcher(state);

        for (var i = 1; i <= 50; i++)
        {
            provider.Update([Service("web", $"http://10.0.0.1:{8000 + i}")]);
        }

        var last = await watcher.WaitForAsync(s => s.Services["web"].Backends[0].Id == "http://10.0.0.1:8050");

        Assert.That(watcher.Count, Is.LessThan(25));
        Assert.That(last, Is.SameAs(state.Current));
    }

    [Test]
    public async Task GetSnapshotThrows_KeepsProviderServicesRecordsErrorAndRetriesAfterDelay()
    {
        var flaky = new FlakyProvider("registry", Service("api", "http://10.0.0.9:8000") with { Rule = "PathPrefix:/api" });
        var memory = new InMemoryBackendProvider([Service("web", "http://10.0.0.5:8000")]);
        var state = CreateState(memory, flaky);
        await state.StartAsync(CancellationToken.None);
        using var watcher = new SnapshotWatcher(state);
        var api = state.Current.Services["api"];

        flaky.Failure = new InvalidOperationException("registry unreachable");
        flaky.SignalChange();
        var failed = await watcher.WaitForAsync(s => s.Generation == 2);

        Assert.That(failed.Services.Keys, Is.EquivalentTo(new[] { "web", "api" }));
        Assert.That(failed.Services["api"].Config, Is.SameAs(api.Config));
        Assert.That(failed.Services["api"].Backends[0].State, Is.SameAs(api.Backends[0].State));
        Assert.That(failed.Errors, Is.EqualTo(new[] { "provider registry: registry unreachable" }));
        Assert.That(_logger.Entries, Has.Some.Matches<TestLogEntry>(e =>
            e!.Level == LogLevel.Error && e.EventId.Name == "ProviderFailed" && e.Exception == flaky.Failure && e.Message.Contains("registry", StringComparison.Ordinal)));
        Assert.That(flaky.Calls, Is.EqualTo(2));
        Assert.That(_time.PendingDelays, Does.Contain(TimeSpan.FromSeconds(5)));

        // Just short of the retry delay nothing happens; at the delay the provider is asked again.
        flaky.Failure = null;
        flaky.Services = [Service("api", "http://10.0.0.10:8000") with { Rule = "PathPrefix:/api" }];
        _time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.That(_time.PendingDelays, Is.EqualTo(new[] { TimeSpan.FromSeconds(0.1) }));
        _time.Advance(TimeSpan.FromSeconds(0.1));
        var recovered = await watcher.WaitForAsync(s => s.Generation == 3);

        Assert.That(flaky.Calls, Is.EqualTo(3));
        Assert.That(recovered.Errors, Is.Empty);
        Assert.That(recovered.Services["api"].Backends.Single().Id, Is.EqualTo("http://10.0.0.10:8000"));
        Assert.That(recovered.Services["web"].Backends.Single().Id, Is.EqualTo("http://10.0.0.5:8000"));
    }

    [Test]
    public async Task StartAsync_ProviderThrowsAtFirstLoad_OthersServeAndItIsRetried()
    {
        var flaky = new FlakyProvider("registry", Service("api", "http://10.0.0.9:8000") with { Rule = "PathPrefix:/api" })
        {
            Failure = new IOException("connection refused"),
        };
        var state = CreateState(new InMemoryBackendProvider([Service("web", "http://10.0.0.5:8000")]), flaky);
        using var watcher = new SnapshotWatcher(state);

        await state.StartAsync(CancellationToken.None);
        var first = state.Current;
        flaky.Failure = null;
        _time.Advance(TimeSpan.FromSeconds(5));
        var second = await watcher.WaitForAsync(s => s.Generation == 2);

        Assert.That(first.Services.Keys, Is.EqualTo(new[] { "web" }));
        Assert.That(first.Errors, Is.EqualTo(new[] { "provider registry: connection refused" }));
        Assert.That(second.Services.Keys, Is.EquivalentTo(new[] { "web", "api" }));
        Assert.That(second.Errors, Is.Empty);
    }

    [Test]
    public async Task ConfigurationProvider_Reload_RebuildsWithNewBackends()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sticky:Services:web:Backends:0"] = "http://10.0.0.5:8000",
        }).Build();
        var provider = new ConfigurationBackendProvider(configuration, Options.Create(new StickyOptions()), new TestLogger<ConfigurationBackendProvider>(), _time);
        var state = CreateState(provider);
        await state.StartAsync(CancellationToken.None);
        using var watcher = new SnapshotWatcher(state);

        configuration["Sticky:Services:web:Backends:1"] = "http://10.0.0.6:8000";
        configuration.Reload();
        var next = await watcher.WaitForAsync(s => s.Generation == 2);

        Assert.That(next.Services["web"].Backends.Select(b => b.Id), Is.EqualTo(new[] { "http://10.0.0.5:8000", "http://10.0.0.6:8000" }));
    }

    [Test]
    public async Task StopAsync_StopsFurtherRebuilds()
    {
        var provider = new InMemoryBackendProvider([Service("web", "http://10.0.0.5:8000")]);
        var flaky = new FlakyProvider("registry") { Failure = new InvalidOperationException("down") };
        var state = CreateState(provider, flaky);
        await state.StartAsync(CancellationToken.None);
        var started = state.Current;
        using var watcher = new SnapshotWatcher(state);

        await state.StopAsync(CancellationToken.None);
        provider.Update([Service("web", "http://10.0.0.6:8000")]);
        _time.Advance(TimeSpan.FromSeconds(5));
        state.Rebuild();

        // Nothing is expected to happen, so this waits for an event that must not come, within a short bound.
        Assert.That(watcher.WaitForAny(TimeSpan.FromMilliseconds(300)), Is.False);
        Assert.That(state.Current, Is.SameAs(started));
        Assert.That(flaky.Calls, Is.EqualTo(1));
    }

    private RoutingState CreateState(params IBackendProvider[] providers)
    {
        var state = new RoutingState(
            providers,
            [new WeightedRoundRobinPolicy(), new PowerOfTwoChoicesPolicy()],
            Options.Create(new StickyOptions()),
            _time,
            _logger);
        _states.Add(state);
        return state;
    }

    private async Task<(RoutingSnapshot Snapshot, ServiceRuntime Service)> StartWhoamiAsync()
    {
        var state = CreateState(new InMemoryBackendProvider([WhoamiService(), Service("api", "http://10.0.0.20:8000") with { Rule = "Host(`api.local`)" }]));
        await state.StartAsync(CancellationToken.None);
        var snapshot = state.Current;
        return (snapshot, snapshot.Services[Whoami]);
    }

    private static ServiceConfig WhoamiService() =>
        Service(Whoami, s_whoamiUrls) with { Rule = "Host(`whoami.local`)", Affinity = new AffinityCookieConfig() };

    private static ServiceConfig Service(string name, params string[] urls) => new()
    {
        Name = name,
        Backends = [.. urls.Select(url => new BackendConfig { Url = url })],
    };

    private static DefaultHttpContext Context(string? cookie)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("whoami.local");
        context.Request.Path = "/";
        if (cookie is not null)
        {
            context.Request.Headers.Cookie = cookie;
        }

        return context;
    }
}
