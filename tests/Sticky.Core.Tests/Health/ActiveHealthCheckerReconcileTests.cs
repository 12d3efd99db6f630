// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Backends;

namespace Sticky.Health.Tests;

[TestFixture]
public sealed class ActiveHealthCheckerReconcileTests
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(10);

    private HealthTestBackend _first = null!;
    private HealthTestBackend _second = null!;

    [SetUp]
    public async Task SetUp()
    {
        _first = await HealthTestBackend.StartAsync();
        _second = await HealthTestBackend.StartAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Test]
    public async Task Reconcile_BackendAdded_IsProbed()
    {
        await using var context = await StartAsync(_first.Url);

        context.Update(HealthTestContext.Service("web", HealthTestContext.Check(), _first.Url, _second.Url));
        await context.AdvanceAsync(TimeSpan.Zero);

        Assert.That(context.Checker.ProbedBackendCount, Is.EqualTo(2));
        Assert.That(_second.RequestCount, Is.EqualTo(1));
        Assert.That(context.Backend("web", 1).Health, Is.EqualTo(BackendHealth.Healthy));
    }

    [Test]
    public async Task Reconcile_BackendKept_KeepsItsHealthAndCounters()
    {
        await using var context = await StartAsync(_first.Url);
        _first.Status = 500;
        await context.AdvanceAsync(s_interval);
        Assert.That(context.Backend("web").Health, Is.EqualTo(BackendHealth.Healthy), "one failure of two");

        context.Update(HealthTestContext.Service("web", HealthTestContext.Check(), _first.Url, _second.Url));
        Assert.That(context.Backend("web").Health, Is.EqualTo(BackendHealth.Healthy));
        await context.AdvanceAsync(s_interval);

        Assert.That(context.Backend("web").Health, Is.EqualTo(BackendHealth.Unhealthy), "the failure before the new snapshot still counts");
        Assert.That(_first.RequestCount, Is.EqualTo(3), "the kept backend was probed on its own schedule, not restarted");
    }

    [Test]
    public async Task Reconcile_BackendRemoved_IsNoLongerProbed()
    {
        await using var context = await StartAsync(_first.Url, _second.Url);

        context.Update(HealthTestContext.Service("web", HealthTestContext.Check(), _second.Url));
        await context.AdvanceAsync(s_interval);
        await context.AdvanceAsync(s_interval);

        Assert.That(context.Checker.ProbedBackendCount, Is.EqualTo(1));
        Assert.That(_first.RequestCount, Is.EqualTo(1));
        Assert.That(_second.RequestCount, Is.EqualTo(3));
    }

    [Test]
    public async Task Reconcile_IntervalChanged_ProbesAtTheNewInterval()
    {
        await using var context = await StartAsync(_first.Url);

        context.Update(HealthTestContext.Service("web", HealthTestContext.Check() with { Interval = TimeSpan.FromSeconds(2) }, _first.Url));
        await context.AdvanceAsync(TimeSpan.FromSeconds(2));
        await context.AdvanceAsync(TimeSpan.FromSeconds(2));

        Assert.That(_first.RequestCount, Is.EqualTo(3));
    }

    [Test]
    public async Task Reconcile_HealthCheckRemoved_UnhealthyBackendIsServedAgain()
    {
        _first.Status = 500;
        await using var context = await StartAsync(_first.Url);
        Assert.That(context.Backend("web").Health, Is.EqualTo(BackendHealth.Unhealthy));

        context.Update(HealthTestContext.Service("web", null, _first.Url));
        await context.AdvanceAsync(s_interval);

        Assert.That(context.Checker.ProbedBackendCount, Is.Zero);
        Assert.That(context.Backend("web").Health, Is.EqualTo(BackendHealth.Unknown));
        Assert.That(context.Recorder.Transitions[^1].Reason, Is.EqualTo("check_removed"));
        Assert.That(context.CheckerLog.Entries, Has.Some.Matches<TestInfrastructure.TestLogEntry>(static e => e!.EventId.Name == "StoppedProbingService"));
        Assert.That(_first.RequestCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Reconcile_ServiceWithoutHealthCheck_IsNotProbed()
    {
        await using var context = new HealthTestContext(null, HealthTestContext.Service("plain", null, _first.Url));
        await context.StartAsync();

        await context.AdvanceAsync(s_interval);

        Assert.That(context.Checker.ProbedBackendCount, Is.Zero);
        Assert.That(_first.RequestCount, Is.Zero);
        Assert.That(context.Backend("plain").Health, Is.EqualTo(BackendHealth.Unknown));
    }

    [Test]
    public async Task StartAsync_LogsTheCheckOfEachService()
    {
        await using var context = await StartAsync(_first.Url, _second.Url);

        var entry = context.CheckerLog.Entries.Single(static e => e.EventId.Name == "ProbingService");
        Assert.That(entry.Message, Does.Contain("service web").And.Contain("GET /health on 2 servers").And.Contain("expected status 2xx/3xx"));
    }

    /// <summary>Starts probing <paramref name="urls"/> as service <c>web</c> and lets the first probes finish.</summary>
    private static async Task<HealthTestContext> StartAsync(params string[] urls)
    {
        var context = new HealthTestContext(null, HealthTestContext.Service("web", HealthTestContext.Check(), urls));
        await context.StartAsync();
        await context.AdvanceAsync(TimeSpan.Zero);
        return context;
    }
}
