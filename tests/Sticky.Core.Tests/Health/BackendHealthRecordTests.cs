// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Backends;
using Sticky.Forwarding;

namespace Sticky.Health.Tests;

/// <summary>How the active verdict and passive ejection combine into one health value.</summary>
[TestFixture]
public sealed class BackendHealthRecordTests
{
    private static readonly ForwardResult s_serverError = new(ForwardOutcome.Success, 500, false);
    private static readonly ProbeResult s_good = ProbeResult.Status(200, null);
    private static readonly ProbeResult s_bad = ProbeResult.Status(503, null);

    [Test]
    public async Task ReportProbe_NewBackend_FirstProbeSettlesIt()
    {
        await using var context = await StartAsync();
        var good = context.Tracker.GetOrCreate(context.Backend("web", 0));
        var bad = context.Tracker.GetOrCreate(context.Backend("web", 1));

        good.ReportProbe(s_good);
        bad.ReportProbe(s_bad);

        Assert.That(context.Backend("web", 0).Health, Is.EqualTo(BackendHealth.Healthy));
        Assert.That(context.Backend("web", 1).Health, Is.EqualTo(BackendHealth.Unhealthy));
    }

    [Test]
    public async Task EjectionExpires_ActiveCheckStillFails_StaysUnhealthy()
    {
        await using var context = await StartAsync();
        var backend = context.Backend("web");
        var record = context.Tracker.GetOrCreate(backend);
        record.ReportProbe(s_good);
        Eject(context, backend);
        record.ReportProbe(s_bad);
        record.ReportProbe(s_bad);
        Assert.That(record.ActiveVerdict, Is.EqualTo(BackendHealth.Unhealthy));

        context.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.That(backend.Health, Is.EqualTo(BackendHealth.Unhealthy));
        Assert.That(record.IsOnProbation, Is.True);
        Assert.That(context.Recorder.Transitions, Has.Count.EqualTo(2), "unknown->healthy, healthy->unhealthy; nothing when the ejection ends");
    }

    [Test]
    public async Task Ejected_ActiveCheckPasses_UnhealthyUntilThePeriodEndsThenHealthy()
    {
        await using var context = await StartAsync();
        var backend = context.Backend("web");
        var record = context.Tracker.GetOrCreate(backend);
        record.ReportProbe(s_good);
        Eject(context, backend);

        record.ReportProbe(s_good);
        record.ReportProbe(s_good);
        Assert.That(backend.Health, Is.EqualTo(BackendHealth.Unhealthy), "good probes do not cut an ejection short");

        context.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.That(backend.Health, Is.EqualTo(BackendHealth.Healthy));
    }

    [Test]
    public async Task ActiveUnhealthy_ProbesRecoverWhileNotEjected_Healthy()
    {
        await using var context = await StartAsync();
        var backend = context.Backend("web");
        var record = context.Tracker.GetOrCreate(backend);
        record.ReportProbe(s_bad);

        record.ReportProbe(s_good);
        record.ReportProbe(s_good);

        Assert.That(backend.Health, Is.EqualTo(BackendHealth.Healthy));
        Assert.That(context.Recorder.Transitions.Select(static t => t.To), Is.EqualTo(new[] { "unhealthy", "healthy" }));
    }

    [Test]
    public async Task GetOrCreate_SameStateInANewSnapshot_ReturnsTheSameRecordWithTheNewBackend()
    {
        await using var context = await StartAsync();
        var before = context.Backend("web");
        var record = context.Tracker.GetOrCreate(before);

        // A backend first in the list moves the old one to index 1: a new Backend object over the same state.
        context.Update(HealthTestContext.Service("web", null, "http://10.0.0.7:8000", "http://10.0.0.5:8000", "http://10.0.0.6:8000"));
        var after = context.Backend("web", index: 1);

        Assert.That(after, Is.Not.SameAs(before));
        Assert.That(after.Id, Is.EqualTo(before.Id));
        Assert.That(context.Tracker.GetOrCreate(after), Is.SameAs(record));
        Assert.That(record.Backend, Is.SameAs(after));
    }

    private static void Eject(HealthTestContext context, Backend backend)
    {
        for (var i = 0; i < 5; i++)
        {
            context.Passive.Report(backend, s_serverError);
        }

        Assert.That(backend.Health, Is.EqualTo(BackendHealth.Unhealthy));
    }

    private static async Task<HealthTestContext> StartAsync()
    {
        var context = new HealthTestContext(null, HealthTestContext.Service("web", null, "http://10.0.0.5:8000", "http://10.0.0.6:8000"));
        await context.StartAsync();
        return context;
    }
}
