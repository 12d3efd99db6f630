// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Options;
using Sticky.Backends;
using Sticky.Balancing;
using Sticky.Configuration;
using Sticky.Providers;
using Sticky.Proxy;
using Sticky.TestInfrastructure;

namespace Sticky.Health.Tests;

/// <summary>
/// The health machinery wired by hand around a fake clock: a routing state over an in-memory provider, the
/// tracker, the passive policy, the active checker and the panic monitor, each with a recording logger.
/// </summary>
internal sealed class HealthTestContext : IAsyncDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    public HealthTestContext(HealthOptions? options = null, params ServiceConfig[] services)
    {
        var stickyOptions = Options.Create(new StickyOptions { Health = options ?? new HealthOptions { ProbeJitter = 0 } });
        Recorder = new HealthTransitionRecorder(Time);
        Provider = new InMemoryBackendProvider(services);
        Routing = new RoutingState([Provider], [new WeightedRoundRobinPolicy()], stickyOptions, Time, new TestLogger<RoutingState>());
        Tracker = new BackendHealthTracker(stickyOptions, Recorder.Telemetry, Time, TrackerLog);
        Passive = new PassiveHealthPolicy(Tracker);
        Checker = new ActiveHealthChecker(Routing, Tracker, Time, CheckerLog);
        Panic = new PanicMonitor(Routing, Tracker, PanicLog);
    }

    public FakeTimeProvider Time { get; } = new();

    public TestLogger<BackendHealthTracker> TrackerLog { get; } = new();

    public TestLogger<ActiveHealthChecker> CheckerLog { get; } = new();

    public TestLogger<PanicMonitor> PanicLog { get; } = new();

    public HealthTransitionRecorder Recorder { get; }

    public InMemoryBackendProvider Provider { get; }

    public RoutingState Routing { get; }

    public BackendHealthTracker Tracker { get; }

    public PassiveHealthPolicy Passive { get; }

    public ActiveHealthChecker Checker { get; }

    public PanicMonitor Panic { get; }

    public static HealthCheckConfig Check(string path = "/health") => new()
    {
        Path = path,
        Interval = TimeSpan.FromSeconds(10),
        Timeout = TimeSpan.FromSeconds(5),
    };

    public static ServiceConfig Service(string name, HealthCheckConfig? check, params string[] urls) => new()
    {
        Name = name,
        HealthCheck = check,
        Backends = [.. urls.Select(static url => new BackendConfig { Url = url })],
    };

    /// <summary>Loads the routing table and starts the active checker and the panic monitor.</summary>
    public async Task StartAsync()
    {
        await Routing.StartAsync(CancellationToken.None);
        await Checker.StartAsync(CancellationToken.None);
        await Panic.StartAsync(CancellationToken.None);
    }

    /// <summary>Moves the clock (firing due probes) and waits for the probes that started to finish and count.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Time.Advance(by);
        await Checker.WhenProbesCompleteAsync().WaitAsync(s_wait);
    }

    /// <summary>Publishes new services and rebuilds synchronously, so <see cref="RoutingState.Changed"/> has run.</summary>
    public void Update(params ServiceConfig[] services)
    {
        Provider.Update(services);
        Routing.Rebuild();
    }

    public Backend Backend(string service, int index = 0) => Routing.Current.Services[service].Backends[index];

    public async ValueTask DisposeAsync()
    {
        await Panic.StopAsync(CancellationToken.None);
        await Checker.StopAsync(CancellationToken.None);
        Checker.Dispose();
        Routing.Dispose();
        Recorder.Dispose();
    }
}
