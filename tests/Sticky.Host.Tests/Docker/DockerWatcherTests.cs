// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Sticky.Host.Docker.Client.Models;
using Sticky.Host.Docker.Discovery;
using static Sticky.Host.Docker.Tests.DockerTestData;

namespace Sticky.Host.Docker.Tests;

[TestFixture]
public sealed class DockerWatcherTests
{
    private static readonly TimeSpan s_debounce = TimeSpan.FromMilliseconds(200);

    private FakeTimeProvider _time = null!;
    private FakeDaemon _daemon = null!;
    private DockerProvider _provider = null!;
    private DockerWatcher _watcher = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider();
        _daemon = new FakeDaemon();
        _daemon.Services.Add(Service("svc1", "whoami-service", SeedLabels(), WhoamiNetId));
        _daemon.Tasks.Add(TaskOf("t1", "svc1", 1, "10.0.0.4"));
        _daemon.Tasks.Add(TaskOf("t2", "svc1", 2, "10.0.0.5"));
        _provider = new DockerProvider(_time, NullLogger<DockerProvider>.Instance);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _watcher.StopAsync(CancellationToken.None);
        _watcher.Dispose();
        _provider.Dispose();
    }

    [Test]
    public async Task Start_Watching_ListsImmediatelyWithoutDebounce()
    {
        await StartAsync();

        Assert.That(await Eventually.TrueAsync(() => BackendCount() == 2), Is.True);
    }

    [Test]
    public async Task Event_ScaleUp_RefreshesOnceAfterDebounce()
    {
        await StartAsync();
        Assert.That(await Eventually.TrueAsync(() => BackendCount() == 2), Is.True);
        var firstSnapshot = _provider.GetSnapshot();
        var lists = _daemon.ListCount;

        _daemon.Tasks.Add(TaskOf("t3", "svc1", 3, "10.0.0.6"));
        for (var i = 0; i < 5; i++)
        {
            _daemon.Publish("service", "update");
        }

        Assert.That(await Eventually.TrueAsync(() => _time.HasTimerDueIn(s_debounce)), Is.True, "a debounce delay is armed");
        _time.Advance(s_debounce - TimeSpan.FromMilliseconds(1));
        await Task.Delay(50);
        Assert.That(_daemon.ListCount, Is.EqualTo(lists), "no refresh before the debounce delay");

        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.That(await Eventually.TrueAsync(() => BackendCount() == 3), Is.True);
        Assert.That(firstSnapshot.ChangeToken.HasChanged, Is.True);
        await Task.Delay(50);
        Assert.That(_daemon.ListCount, Is.EqualTo(lists + 1), "five events, one refresh");
    }

    [Test]
    public async Task Event_Irrelevant_NoRefresh()
    {
        await StartAsync();
        Assert.That(await Eventually.TrueAsync(() => BackendCount() == 2), Is.True);
        var lists = _daemon.ListCount;

        _daemon.Publish("container", "exec_start: sh");
        await Task.Delay(50);

        Assert.That(_time.HasTimerDueIn(s_debounce), Is.False);
        Assert.That(_daemon.ListCount, Is.EqualTo(lists));
    }

    [Test]
    public async Task Event_NothingChanged_NoNewSnapshot()
    {
        await StartAsync();
        Assert.That(await Eventually.TrueAsync(() => BackendCount() == 2), Is.True);
        var snapshot = _provider.GetSnapshot();
        var lists = _daemon.ListCount;

        _daemon.Publish("container", "start");
        Assert.That(await Eventually.TrueAsync(() => _time.HasTimerDueIn(s_debounce)), Is.True);
        _time.Advance(s_debounce);

        Assert.That(await Eventually.TrueAsync(() => _daemon.ListCount == lists + 1), Is.True);
        Assert.That(snapshot.ChangeToken.HasChanged, Is.False);
    }

    [Test]
    public async Task PeriodicRefresh_WithoutEvents_PicksUpChanges()
    {
        await StartAsync();
        Assert.That(await Eventually.TrueAsync(() => BackendCount() == 2), Is.True);
        _daemon.Tasks.RemoveAt(0);

        Assert.That(await Eventually.TrueAsync(() => _time.HasTimerDueIn(TimeSpan.FromSeconds(15))), Is.True);
        _time.Advance(TimeSpan.FromSeconds(15));

        Assert.That(await Eventually.TrueAsync(() => BackendCount() == 1), Is.True);
    }

    [Test]
    public async Task PendingTask_RecheckedSoon()
    {
        _daemon.Tasks.Add(TaskOf("t3", "svc1", 3, "10.0.0.6", state: "starting"));
        await StartAsync();
        Assert.That(await Eventually.TrueAsync(() => BackendCount() == 2), Is.True);

        _daemon.Tasks[2] = TaskOf("t3", "svc1", 3, "10.0.0.6");
        Assert.That(await Eventually.TrueAsync(() => _time.HasTimerDueIn(DockerWatcher.PendingRecheck)), Is.True);
        _time.Advance(DockerWatcher.PendingRecheck);

        Assert.That(await Eventually.TrueAsync(() => BackendCount() == 3), Is.True);
    }

    [Test]
    public async Task DaemonRestart_KeepsLastGoodSnapshotReconnectsWithBackoffThenUpdates()
    {
        await StartAsync();
        Assert.That(await Eventually.TrueAsync(() => BackendCount() == 2 && _daemon.EventConnections == 1), Is.True);
        var good = _provider.GetSnapshot();

        _daemon.Down = true;
        _daemon.BreakEventStream();

        // The loss triggers a refresh (after the debounce) that fails: the services stay, the error shows.
        Assert.That(await Eventually.TrueAsync(() => _time.HasTimerDueIn(s_debounce) && _time.HasTimerDueIn(Backoff.Delay(0))), Is.True);
        _time.Advance(s_debounce);
        Assert.That(await Eventually.TrueAsync(() => _provider.GetSnapshot().Error is not null), Is.True);
        var stale = _provider.GetSnapshot();
        Assert.That(stale.Error, Does.Contain("cannot connect to the Docker daemon"));
        Assert.That(stale.Services, Is.SameAs(good.Services));
        Assert.That(good.ChangeToken.HasChanged, Is.False);

        // Reconnect attempts back off: 0.5 s, then 1 s, then 2 s.
        _time.Advance(Backoff.Delay(0) - s_debounce);
        Assert.That(await Eventually.TrueAsync(() => _daemon.EventConnections == 2), Is.True);
        Assert.That(await Eventually.TrueAsync(() => _time.HasTimerDueIn(Backoff.Delay(1))), Is.True);
        _time.Advance(Backoff.Delay(1) - TimeSpan.FromMilliseconds(1));
        Assert.That(_daemon.EventConnections, Is.EqualTo(2));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(await Eventually.TrueAsync(() => _daemon.EventConnections == 3), Is.True);
        Assert.That(await Eventually.TrueAsync(() => _time.HasTimerDueIn(Backoff.Delay(2))), Is.True);
        Assert.That(_provider.GetSnapshot().Services, Is.SameAs(good.Services));

        // The daemon is back, and Swarm has replaced the tasks.
        _daemon.Tasks.Clear();
        _daemon.Tasks.Add(TaskOf("t7", "svc1", 1, "10.0.0.7"));
        _daemon.Down = false;
        _time.Advance(Backoff.Delay(2));
        Assert.That(await Eventually.TrueAsync(() => _daemon.EventConnections == 4), Is.True);
        _time.Advance(s_debounce);

        Assert.That(await Eventually.TrueAsync(() => _provider.GetSnapshot().Error is null), Is.True);
        Assert.That(_provider.GetSnapshot().Services.Single().Backends.Single().Url, Is.EqualTo("http://10.0.0.7:8000"));
        Assert.That(good.ChangeToken.HasChanged, Is.True);
    }

    [Test]
    public async Task Start_DaemonDownAtFirst_RetriesWithBackoffUntilItAnswers()
    {
        _daemon.Down = true;
        await StartAsync();
        Assert.That(await Eventually.TrueAsync(() => _provider.GetSnapshot().Error is not null), Is.True);
        Assert.That(_provider.GetSnapshot().Services, Is.Empty);

        _daemon.Down = false;
        for (var i = 0; i < 10 && BackendCount() != 2; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(500));
            await Eventually.TrueAsync(() => BackendCount() == 2, TimeSpan.FromMilliseconds(200));
        }

        Assert.That(BackendCount(), Is.EqualTo(2));
        Assert.That(_provider.GetSnapshot().Error, Is.Null);
    }

    [Test]
    public async Task Start_WatchOff_ListsOnceAndNeverOpensEvents()
    {
        await StartAsync(new DockerProviderOptions { SwarmMode = true, Watch = false });

        Assert.That(await Eventually.TrueAsync(() => BackendCount() == 2), Is.True);
        _time.Advance(TimeSpan.FromMinutes(5));
        await Task.Delay(50);
        Assert.That(_daemon.ListCount, Is.EqualTo(1));
        _daemon.Api.Verify(a => a.MonitorEventsAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [TestCase("service", "remove", true)]
    [TestCase("container", "die", true)]
    [TestCase("network", "disconnect", true)]
    [TestCase("container", "exec_create: sh", false)]
    [TestCase("container", "health_status: healthy", false)]
    public void IsRelevant_Action_Expected(string type, string action, bool expected)
    {
        Assert.That(DockerWatcher.IsRelevant(new DockerEvent { Type = type, Action = action }), Is.EqualTo(expected));
    }

    private async Task StartAsync(DockerProviderOptions? options = null)
    {
        options ??= new DockerProviderOptions { SwarmMode = true };
        var discovery = new DockerDiscovery(_daemon.Api.Object, options, hostname: null);
        _watcher = new DockerWatcher(_daemon.Api.Object, discovery, _provider, options, _time, NullLogger<DockerWatcher>.Instance);
        await _watcher.StartAsync(CancellationToken.None);
    }

    private int BackendCount() =>
        _provider.GetSnapshot().Services is [var service] ? service.Backends.Count : -1;
}
