// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Logging;
using Sticky.Backends;
using Sticky.Forwarding;

namespace Sticky.Health.Tests;

[TestFixture]
public sealed class PanicMonitorTests
{
    private static readonly ForwardResult s_failed = new(ForwardOutcome.ConnectFailed, 502, false);

    [Test]
    public async Task EveryBackendUnhealthy_LogsEnteringPanicOnce()
    {
        await using var context = await StartAsync(new HealthOptions { PassiveFailureThreshold = 1 });

        context.Passive.Report(context.Backend("web", 0), s_failed);
        Assert.That(context.PanicLog.Entries, Is.Empty);
        Assert.That(context.Panic.IsPanicking("web"), Is.False);

        context.Passive.Report(context.Backend("web", 1), s_failed);
        context.Time.Advance(TimeSpan.FromSeconds(1));
        context.Passive.Report(context.Backend("web", 1), s_failed);

        var entry = context.PanicLog.Entries.Single();
        Assert.That(entry.Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(entry.EventId.Name, Is.EqualTo("PanicEntered"));
        Assert.That(entry.Message, Does.Contain("service web").And.Contain("all 2"));
        Assert.That(context.Panic.IsPanicking("web"), Is.True);
    }

    [Test]
    public async Task OneBackendRecovers_LogsLeavingPanicOnce()
    {
        await using var context = await StartAsync(new HealthOptions { PassiveFailureThreshold = 1, EjectionPeriod = TimeSpan.FromSeconds(10) });
        context.Passive.Report(context.Backend("web", 0), s_failed);
        context.Time.Advance(TimeSpan.FromSeconds(5));
        context.Passive.Report(context.Backend("web", 1), s_failed);

        context.Time.Advance(TimeSpan.FromSeconds(5));
        context.Time.Advance(TimeSpan.FromSeconds(5));

        Assert.That(context.PanicLog.Entries.Select(static e => e.EventId.Name), Is.EqualTo(new[] { "PanicEntered", "PanicLeft" }));
        Assert.That(context.PanicLog.Entries[1].Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(context.PanicLog.Entries[1].Message, Does.Contain("1 of 2"));
        Assert.That(context.Panic.IsPanicking("web"), Is.False);
    }

    [Test]
    public async Task PanicModeOff_LogsThatRequestsGet503()
    {
        await using var context = await StartAsync(new HealthOptions { PassiveFailureThreshold = 1, PanicMode = false });

        context.Passive.Report(context.Backend("web", 0), s_failed);
        context.Passive.Report(context.Backend("web", 1), s_failed);

        var entry = context.PanicLog.Entries.Single();
        Assert.That(entry.EventId.Name, Is.EqualTo("AllBackendsUnhealthy"));
        Assert.That(entry.Message, Does.Contain("503").And.Contain("panic mode is off"));
    }

    [Test]
    public async Task HealthyBackendAdded_LeavesPanic()
    {
        await using var context = await StartAsync(new HealthOptions { PassiveFailureThreshold = 1 });
        context.Passive.Report(context.Backend("web", 0), s_failed);
        context.Passive.Report(context.Backend("web", 1), s_failed);

        context.Update(HealthTestContext.Service("web", null, "http://10.0.0.5:8000", "http://10.0.0.6:8000", "http://10.0.0.7:8000"));

        Assert.That(context.Panic.IsPanicking("web"), Is.False);
        Assert.That(context.PanicLog.Entries[^1].EventId.Name, Is.EqualTo("PanicLeft"));
        Assert.That(context.Backend("web", 0).Health, Is.EqualTo(BackendHealth.Unhealthy), "kept backends keep their ejection");
    }

    private static async Task<HealthTestContext> StartAsync(HealthOptions options)
    {
        var context = new HealthTestContext(options, HealthTestContext.Service("web", null, "http://10.0.0.5:8000", "http://10.0.0.6:8000"));
        await context.StartAsync();
        return context;
    }
}
