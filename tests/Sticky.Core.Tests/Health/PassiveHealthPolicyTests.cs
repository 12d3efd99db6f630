// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Logging;
using Sticky.Backends;
using Sticky.Forwarding;

namespace Sticky.Health.Tests;

[TestFixture]
public sealed class PassiveHealthPolicyTests
{
    private const string Url = "http://10.0.0.5:8000";
    private static readonly ForwardResult s_ok = new(ForwardOutcome.Success, 200, false);
    private static readonly ForwardResult s_serverError = new(ForwardOutcome.Success, 500, false);

    [Test]
    public async Task Report_ServerErrorsReachTheThreshold_EjectsTheBackend()
    {
        await using var context = await StartAsync();
        var backend = context.Backend("web");

        Fail(context, backend, 4);
        Assert.That(backend.Health, Is.EqualTo(BackendHealth.Unknown));

        Fail(context, backend, 1);
        Assert.That(backend.Health, Is.EqualTo(BackendHealth.Unhealthy));
        Assert.That(context.Time.PendingDelays, Is.EqualTo(new[] { TimeSpan.FromSeconds(30) }));
        var entry = context.TrackerLog.Entries.Single();
        Assert.That(entry.Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(entry.Message, Does.Contain("service web").And.Contain(Url).And.Contain("5 consecutive failed requests, the last: HTTP 500").And.Contain("ejected for 00:00:30"));
        Assert.That(context.Recorder.Transitions.Single(), Is.EqualTo(new HealthTransition("web", Url, "unknown", "unhealthy", "passive_ejection")));
    }

    [Test]
    public async Task Report_SuccessBetweenFailures_ResetsTheCount()
    {
        await using var context = await StartAsync();
        var backend = context.Backend("web");

        Fail(context, backend, 4);
        context.Passive.Report(backend, s_ok);
        Fail(context, backend, 4);

        Assert.That(backend.Health, Is.EqualTo(BackendHealth.Unknown));
        Fail(context, backend, 1);
        Assert.That(backend.Health, Is.EqualTo(BackendHealth.Unhealthy));
    }

    [Test]
    public async Task Report_EjectionPeriodPasses_BackendReturnsOnProbation()
    {
        await using var context = await StartAsync();
        var backend = context.Backend("web");
        Fail(context, backend, 5);

        context.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.That(backend.Health, Is.EqualTo(BackendHealth.Unhealthy));

        context.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(backend.Health, Is.EqualTo(BackendHealth.Unknown));
        Assert.That(backend.IsAvailable, Is.True);
        Assert.That(context.Tracker.GetOrCreate(backend).IsOnProbation, Is.True);
        var entry = context.TrackerLog.Entries[^1];
        Assert.That(entry.Level, Is.EqualTo(LogLevel.Information));
        Assert.That(entry.Message, Does.Contain("again").And.Contain("on probation for 3 successful requests"));
        Assert.That(context.Recorder.Transitions[^1], Is.EqualTo(new HealthTransition("web", Url, "unhealthy", "unknown", "ejection_expired")));
    }

    [Test]
    public async Task Report_FailureOnProbation_EjectsAgainAtOnceForDoubleThePeriodUpToTheCap()
    {
        var options = new HealthOptions { EjectionPeriod = TimeSpan.FromSeconds(30), MaxEjectionPeriod = TimeSpan.FromSeconds(100) };
        await using var context = await StartAsync(options);
        var backend = context.Backend("web");
        Fail(context, backend, 5);

        var periods = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            context.Time.Advance(context.Time.PendingDelays.Single());
            Assert.That(backend.Health, Is.EqualTo(BackendHealth.Unknown));
            Fail(context, backend, 1);
            Assert.That(backend.Health, Is.EqualTo(BackendHealth.Unhealthy));
            periods.Add(context.Time.PendingDelays.Single());
        }

        Assert.That(periods, Is.EqualTo(new[] { TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(100) }));
        Assert.That(context.TrackerLog.Entries[^1].Message, Does.Contain("failed on probation: HTTP 500"));
    }

    [Test]
    public async Task Report_ProbationSuccesses_EndTheProbationAndResetThePeriod()
    {
        await using var context = await StartAsync();
        var backend = context.Backend("web");
        Fail(context, backend, 5);
        context.Time.Advance(TimeSpan.FromSeconds(30));
        Fail(context, backend, 1);
        context.Time.Advance(TimeSpan.FromSeconds(60));

        for (var i = 0; i < 3; i++)
        {
            context.Passive.Report(backend, s_ok);
        }

        Assert.That(context.Tracker.GetOrCreate(backend).IsOnProbation, Is.False);
        Assert.That(context.TrackerLog.Entries[^1].EventId.Name, Is.EqualTo("ProbationCompleted"));
        Fail(context, backend, 4);
        Assert.That(backend.Health, Is.EqualTo(BackendHealth.Unknown), "failures count normally again");
        Fail(context, backend, 1);
        Assert.That(context.Time.PendingDelays, Is.EqualTo(new[] { TimeSpan.FromSeconds(30) }));
    }

    [Test]
    public async Task Report_WhileEjected_NeitherExtendsNorShortensTheEjection()
    {
        await using var context = await StartAsync();
        var backend = context.Backend("web");
        Fail(context, backend, 5);

        Fail(context, backend, 10);
        for (var i = 0; i < 10; i++)
        {
            context.Passive.Report(backend, s_ok);
        }

        Assert.That(context.Time.PendingDelays, Is.EqualTo(new[] { TimeSpan.FromSeconds(30) }));
        context.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.That(context.Tracker.GetOrCreate(backend).IsOnProbation, Is.True, "successes while ejected do not serve the probation");
        Assert.That(context.Recorder.Transitions, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Report_ServerErrorsNotCounted_DoNotEject()
    {
        await using var context = await StartAsync(new HealthOptions { PassiveCountsServerErrors = false });
        var backend = context.Backend("web");

        Fail(context, backend, 20);

        Assert.That(backend.Health, Is.EqualTo(BackendHealth.Unknown));
    }

    [TestCase((int)ForwardOutcome.ConnectFailed, 502, "connect failed")]
    [TestCase((int)ForwardOutcome.RequestFailed, 502, "request failed before a response")]
    [TestCase((int)ForwardOutcome.Timeout, 504, "no response headers in time")]
    [TestCase((int)ForwardOutcome.ResponseBodyFailed, 200, "response body failed")]
    public async Task Report_TransportFailures_EjectEvenWhenServerErrorsAreNotCounted(int outcome, int status, string described)
    {
        await using var context = await StartAsync(new HealthOptions { PassiveCountsServerErrors = false });
        var backend = context.Backend("web");

        for (var i = 0; i < 5; i++)
        {
            context.Passive.Report(backend, new ForwardResult((ForwardOutcome)outcome, status, false, new HttpRequestException("Connection refused (10.0.0.5:8000)")));
        }

        Assert.That(backend.Health, Is.EqualTo(BackendHealth.Unhealthy));
        Assert.That(context.TrackerLog.Entries.Single().Message, Does.Contain(described));
    }

    [Test]
    public async Task Report_ClientAborted_NeitherCountsNorResets()
    {
        await using var context = await StartAsync();
        var backend = context.Backend("web");

        Fail(context, backend, 4);
        for (var i = 0; i < 10; i++)
        {
            context.Passive.Report(backend, new ForwardResult(ForwardOutcome.ClientAborted, 499, true));
        }

        Assert.That(backend.Health, Is.EqualTo(BackendHealth.Unknown));
        Fail(context, backend, 1);
        Assert.That(backend.Health, Is.EqualTo(BackendHealth.Unhealthy));
    }

    [Test]
    public async Task Report_ThresholdZero_IsDisabled()
    {
        await using var context = await StartAsync(new HealthOptions { PassiveFailureThreshold = 0 });
        var backend = context.Backend("web");

        Fail(context, backend, 100);

        Assert.That(context.Passive.IsEnabled, Is.False);
        Assert.That(backend.Health, Is.EqualTo(BackendHealth.Unknown));
    }

    [Test]
    public async Task Report_ConcurrentFailures_EjectOnceAndLogOnce()
    {
        await using var context = await StartAsync();
        var backend = context.Backend("web");

        Parallel.For(0, 1000, _ => context.Passive.Report(backend, s_serverError));

        Assert.That(backend.Health, Is.EqualTo(BackendHealth.Unhealthy));
        Assert.That(context.TrackerLog.Entries, Has.Count.EqualTo(1));
        Assert.That(context.Recorder.Transitions, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Report_Success_AllocatesNothing()
    {
        await using var context = await StartAsync();
        var neverFailed = context.Backend("web", 0);
        var recovered = context.Backend("web", 1);
        Fail(context, recovered, 2);
        context.Passive.Report(recovered, s_ok);
        context.Passive.Report(neverFailed, s_ok);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            context.Passive.Report(neverFailed, s_ok);
            context.Passive.Report(recovered, s_ok);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    private static void Fail(HealthTestContext context, Backend backend, int count)
    {
        for (var i = 0; i < count; i++)
        {
            context.Passive.Report(backend, s_serverError);
        }
    }

    private static async Task<HealthTestContext> StartAsync(HealthOptions? options = null)
    {
        var context = new HealthTestContext(options, HealthTestContext.Service("web", null, Url, "http://10.0.0.6:8000"));
        await context.StartAsync();
        return context;
    }
}
