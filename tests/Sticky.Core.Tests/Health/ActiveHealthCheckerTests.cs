// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Logging;
using Sticky.Backends;
using Sticky.TestInfrastructure;

namespace Sticky.Health.Tests;

[TestFixture]
public sealed class ActiveHealthCheckerTests
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(10);

    private HealthTestBackend _backend = null!;

    [SetUp]
    public async Task SetUp() => _backend = await HealthTestBackend.StartAsync();

    [TearDown]
    public async Task TearDown() => await _backend.DisposeAsync();

    [Test]
    public async Task Probe_HealthyBackend_BecomesHealthyOnTheFirstProbe()
    {
        await using var context = await StartAsync(HealthTestContext.Check());
        Assert.That(context.Backend("web").Health, Is.EqualTo(BackendHealth.Unknown));

        await context.AdvanceAsync(TimeSpan.Zero);

        Assert.That(context.Backend("web").Health, Is.EqualTo(BackendHealth.Healthy));
        Assert.That(context.Recorder.Transitions, Is.EqualTo(new[] { new HealthTransition("web", _backend.Url, "unknown", "healthy", "probe_ok") }));
        Assert.That(_backend.Requests.Single().PathAndQuery, Is.EqualTo("/health"));
    }

    [Test]
    public async Task Probe_FailuresReachUnhealthyThreshold_BackendBecomesUnhealthyAndIsLogged()
    {
        await using var context = await StartHealthyAsync(HealthTestContext.Check());
        _backend.Status = 500;

        await context.AdvanceAsync(s_interval);
        Assert.That(context.Backend("web").Health, Is.EqualTo(BackendHealth.Healthy), "one failure of the default threshold of 2");

        await context.AdvanceAsync(s_interval);
        Assert.That(context.Backend("web").Health, Is.EqualTo(BackendHealth.Unhealthy));
        Assert.That(context.Backend("web").IsAvailable, Is.False);

        var entry = context.TrackerLog.Entries.Single(static e => e.EventId.Name == "BackendUnhealthy");
        Assert.That(entry.Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(entry.Message, Does.Contain("service web").And.Contain(_backend.Url).And.Contain("HTTP 500").And.Contain("probe_status"));
        Assert.That(context.Recorder.Transitions[^1], Is.EqualTo(new HealthTransition("web", _backend.Url, "healthy", "unhealthy", "probe_status")));
    }

    [Test]
    public async Task Probe_SuccessesReachHealthyThreshold_BackendReturnsAndIsLogged()
    {
        await using var context = await StartHealthyAsync(HealthTestContext.Check(), new HealthOptions { ProbeJitter = 0, UnhealthyThreshold = 1, HealthyThreshold = 3 });
        _backend.Status = 503;
        await context.AdvanceAsync(s_interval);
        Assert.That(context.Backend("web").Health, Is.EqualTo(BackendHealth.Unhealthy));

        _backend.Status = 200;
        await context.AdvanceAsync(s_interval);
        await context.AdvanceAsync(s_interval);
        Assert.That(context.Backend("web").Health, Is.EqualTo(BackendHealth.Unhealthy), "two of three successes");

        await context.AdvanceAsync(s_interval);
        Assert.That(context.Backend("web").Health, Is.EqualTo(BackendHealth.Healthy));
        var entry = context.TrackerLog.Entries.Single(static e => e.EventId.Name == "BackendRecovered");
        Assert.That(entry.Level, Is.EqualTo(LogLevel.Information));
        Assert.That(entry.Message, Does.Contain("service web").And.Contain(_backend.Url).And.Contain("healthy again").And.Contain("HTTP 200"));
        Assert.That(context.Recorder.Transitions[^1], Is.EqualTo(new HealthTransition("web", _backend.Url, "unhealthy", "healthy", "probe_ok")));
    }

    [Test]
    public async Task Probe_ExpectedStatus_OnlyThatStatusIsHealthy()
    {
        _backend.Status = 200;
        await using var context = await StartAsync(HealthTestContext.Check() with { ExpectedStatus = 204 });

        await context.AdvanceAsync(TimeSpan.Zero);
        Assert.That(context.Backend("web").Health, Is.EqualTo(BackendHealth.Unhealthy));
        Assert.That(context.TrackerLog.Entries.Single().Message, Does.Contain("HTTP 200 (expected 204)"));

        _backend.Status = 204;
        await context.AdvanceAsync(s_interval);
        await context.AdvanceAsync(s_interval);
        Assert.That(context.Backend("web").Health, Is.EqualTo(BackendHealth.Healthy));
    }

    [TestCase(200, BackendHealth.Healthy)]
    [TestCase(302, BackendHealth.Healthy)]
    [TestCase(399, BackendHealth.Healthy)]
    [TestCase(404, BackendHealth.Unhealthy)]
    [TestCase(500, BackendHealth.Unhealthy)]
    public async Task Probe_NoExpectedStatus_Any2xxOr3xxIsHealthy(int status, BackendHealth expected)
    {
        _backend.Status = status;
        await using var context = await StartAsync(HealthTestContext.Check());

        await context.AdvanceAsync(TimeSpan.Zero);

        Assert.That(context.Backend("web").Health, Is.EqualTo(expected));
    }

    [Test]
    public async Task Probe_HostnameConfigured_SendsThatHostHeaderPathAndQuery()
    {
        await using var context = await StartAsync(HealthTestContext.Check("/status/ready?full=1") with { Hostname = "health.example" });

        await context.AdvanceAsync(TimeSpan.Zero);

        var request = _backend.Requests.Single();
        Assert.That(request.Host, Is.EqualTo("health.example"));
        Assert.That(request.PathAndQuery, Is.EqualTo("/status/ready?full=1"));
        Assert.That(request.UserAgent, Does.StartWith("Sticky-HealthCheck"));
    }

    [Test]
    public async Task Probe_NoHostname_SendsTheBackendAuthority()
    {
        await using var context = await StartAsync(HealthTestContext.Check());

        await context.AdvanceAsync(TimeSpan.Zero);

        Assert.That(_backend.Requests.Single().Host, Is.EqualTo($"127.0.0.1:{_backend.Port}"));
    }

    [Test]
    public async Task Probe_PortConfigured_ProbesThatPortInsteadOfTheBackendPort()
    {
        var closed = $"http://127.0.0.1:{LoopbackPorts.GetClosedPort()}";
        await using var context = new HealthTestContext(null, HealthTestContext.Service("web", HealthTestContext.Check() with { Port = _backend.Port }, closed));
        await context.StartAsync();

        await context.AdvanceAsync(TimeSpan.Zero);

        Assert.That(context.Backend("web").Health, Is.EqualTo(BackendHealth.Healthy));
        Assert.That(_backend.RequestCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Probe_ConnectionRefused_BackendBecomesUnhealthyWithThatReason()
    {
        var closed = $"http://127.0.0.1:{LoopbackPorts.GetClosedPort()}";
        await using var context = new HealthTestContext(null, HealthTestContext.Service("web", HealthTestContext.Check(), closed));
        await context.StartAsync();

        await context.AdvanceAsync(TimeSpan.Zero);

        Assert.That(context.Backend("web").Health, Is.EqualTo(BackendHealth.Unhealthy));
        Assert.That(context.TrackerLog.Entries.Single().Message, Does.Contain("connection refused"));
        Assert.That(context.Recorder.Transitions.Single().Reason, Is.EqualTo("probe_connection_refused"));
    }

    [Test]
    public async Task Probe_SlowerThanItsTimeout_CountsAsATimeout()
    {
        await using var context = await StartAsync(HealthTestContext.Check() with { Timeout = TimeSpan.FromSeconds(2) });
        _backend.Hang();
        context.Time.Advance(TimeSpan.Zero);
        await _backend.WaitForRequestsAsync(1);
        Assert.That(context.Backend("web").Health, Is.EqualTo(BackendHealth.Unknown));

        await context.AdvanceAsync(TimeSpan.FromSeconds(2));

        Assert.That(context.Backend("web").Health, Is.EqualTo(BackendHealth.Unhealthy));
        Assert.That(context.TrackerLog.Entries.Single().Message, Does.Contain("timed out after 2 s"));
        Assert.That(context.Recorder.Transitions.Single().Reason, Is.EqualTo("probe_timeout"));
    }

    [Test]
    public async Task Probe_SlowerThanTheInterval_IsNeverDuplicated()
    {
        var check = HealthTestContext.Check() with { Interval = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromSeconds(30) };
        await using var context = await StartAsync(check);
        _backend.Hang();
        context.Time.Advance(TimeSpan.Zero);
        await _backend.WaitForRequestsAsync(1);

        for (var i = 0; i < 5; i++)
        {
            context.Time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.That(context.CheckerLog.Entries.Count(static e => e.EventId.Name == "ProbeStillRunning"), Is.EqualTo(5));
        _backend.Release();
        await context.Checker.WhenProbesCompleteAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(_backend.RequestCount, Is.EqualTo(1));

        await context.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.That(_backend.RequestCount, Is.EqualTo(2));
        Assert.That(_backend.MaxInFlight, Is.EqualTo(1));
        Assert.That(context.Backend("web").Health, Is.EqualTo(BackendHealth.Healthy));
    }

    [Test]
    public async Task StopAsync_StopsProbing()
    {
        await using var context = await StartHealthyAsync(HealthTestContext.Check());

        await context.Checker.StopAsync(CancellationToken.None);
        context.Time.Advance(s_interval * 3);

        Assert.That(context.Checker.ProbedBackendCount, Is.Zero);
        Assert.That(_backend.RequestCount, Is.EqualTo(1));
    }

    private async Task<HealthTestContext> StartAsync(HealthCheckConfig check, HealthOptions? options = null)
    {
        var context = new HealthTestContext(options, HealthTestContext.Service("web", check, _backend.Url));
        await context.StartAsync();
        return context;
    }

    private async Task<HealthTestContext> StartHealthyAsync(HealthCheckConfig check, HealthOptions? options = null)
    {
        var context = await StartAsync(check, options);
        await context.AdvanceAsync(TimeSpan.Zero);
        Assert.That(context.Backend("web").Health, Is.EqualTo(BackendHealth.Healthy));
        return context;
    }
}
