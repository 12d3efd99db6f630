// Licensed under the MIT License. See LICENSE in the repository root.

using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Sticky.Host.EndToEnd.Tests;

/// <summary>
/// The tutorial's stack made for a rolling update: <c>whoami-service</c> (the tutorial's four labels) whose
/// tasks drain like a real application (they keep serving for <see cref="AppDrain"/> after SIGTERM, then stop
/// accepting, finish what is in flight and exit 0), updated one task at a time, stop-first; and Sticky as a
/// global service on managers with the tutorial's arguments plus a drain timeout. Also the second image the
/// update moves to, committed locally from the test image (no registry).
/// </summary>
internal sealed class RollingUpdateStack : IAsyncDisposable
{
    public const string WhoamiService = SwarmTutorialStack.WhoamiService;

    public const string CookieName = SwarmTutorialStack.CookieName;

    /// <summary>How long a task keeps serving after SIGTERM (the trap's sleep).</summary>
    public static readonly TimeSpan AppDrain = TimeSpan.FromSeconds(6);

    /// <summary>
    /// Sticky's drain timeout: longer than a retired task lives (the agent waits 2 s before SIGTERM, then the
    /// 10 s stop grace period at most), so pinned clients stay until their task really stops serving and the
    /// move is made by Sticky itself (a retry when the listener closes, then the task's removal) rather than by
    /// the timer. It only bounds the test should Sticky miss a task's end.
    /// </summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The task's command (busybox sh as PID 1): serve, and on SIGTERM (which interrupts <c>wait</c>) keep
    /// serving for <see cref="AppDrain"/>, stop the listener, give in-flight requests a second, exit 0.
    /// </summary>
    private static readonly string s_taskScript =
        "echo \"I'm $(hostname)\" > /www/index.html; "
        + "httpd -f -p 8000 -h /www & pid=$!; "
        + $"trap 'sleep {AppDrain.TotalSeconds:F0}; kill $pid; sleep 1; exit 0' TERM; "
        + "wait $pid";

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(90);

    private readonly List<string> _services = [];
    private readonly List<string> _networks = [];
    private readonly string _suffix;
    private string? _buildContainer;
    private string? _updateImageTag;

    private RollingUpdateStack(string suffix)
    {
        _suffix = suffix;
        Network = "sticky-e2e-roll-net-" + suffix;
        StickyService = "sticky-e2e-roll-" + suffix;
        ProxyPort = Engine.FreePort();
        AdminPort = Engine.FreePort();
        ProxyAddress = new Uri($"http://127.0.0.1:{ProxyPort}/");
        Probe = new ProxyClient(ProxyAddress);
    }

    public string Network { get; }

    public string StickyService { get; }

    public int ProxyPort { get; }

    public int AdminPort { get; }

    public Uri ProxyAddress { get; }

    /// <summary>For pings and the routing check; the load has its own clients.</summary>
    public ProxyClient Probe { get; }

    public Uri PingUrl => new($"http://127.0.0.1:{AdminPort}/ping");

    /// <summary>Creates the stack and waits until Sticky answers /ping and routes to every running replica.</summary>
    public static async Task<RollingUpdateStack> StartAsync(int replicas)
    {
        var stack = new RollingUpdateStack(Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await stack.CreateAsync(replicas);
            return stack;
        }
        catch
        {
            var diagnostics = await stack.DiagnosticsAsync();
            await stack.DisposeAsync();
            await TestContext.Out.WriteLineAsync(diagnostics);
            throw;
        }
    }

    /// <summary>
    /// Commits the test image unchanged but for a label into a new image (a different ID, so Swarm replaces
    /// every task), tagged for this run; returns its ID, which services name so nothing is pulled.
    /// </summary>
    public async Task<string> CreateUpdateImageAsync()
    {
        await RemoveOldUpdateImagesAsync();
        _buildContainer = "sticky-e2e-roll-build-" + _suffix;
        await Cli.DockerAsync("container", "create", "--name", _buildContainer, "--label", $"{Engine.MarkerLabel}={Engine.MarkerValue}", Engine.WhoamiImageId);
        _updateImageTag = "sticky-test/busybox:roll-" + _suffix;
        var id = await Cli.DockerAsync("commit", "--change", "LABEL sticky.test.version=2", _buildContainer, _updateImageTag);
        await Cli.TryDockerAsync("container", "rm", _buildContainer);
        _buildContainer = null;
        return id;
    }

    /// <summary>The service's <c>UpdateStatus.State</c> (updating, completed, paused, rollback_...), or empty before any update.</summary>
    public static async Task<string> UpdateStateAsync() =>
        await Cli.TryDockerAsync("service", "inspect", "--format", "{{with .UpdateStatus}}{{.State}}{{end}}", WhoamiService) ?? "(inspect failed)";

    /// <summary>
    /// Sends requests without a cookie until the replies name exactly the running tasks (bounded), so the
    /// routing table has caught up with Docker.
    /// </summary>
    public async Task WaitForRoutingToAllAsync(int expected, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (clock.Elapsed < timeout)
        {
            var running = (await Engine.TasksAsync(WhoamiService)).Where(static t => t.Running).Select(static t => t.Hostname).ToList();
            if (running.Count == expected)
            {
                seen.Clear();
                for (var i = 0; i < expected * 4; i++)
                {
                    if ((await Probe.GetAsync()).Hostname is { } host)
                    {
                        seen.Add(host);
                    }
                }

                if (seen.SetEquals(running))
                {
                    return;
                }
            }

            await Task.Delay(250);
        }

        Assert.Fail($"Sticky did not route to the {expected} running whoami tasks within {timeout}; last seen [{string.Join(", ", seen)}]{Environment.NewLine}{await DiagnosticsAsync()}");
    }

    /// <summary>docker service ps, Sticky's log tail and the probe's last responses, for failure messages.</summary>
    public async Task<string> DiagnosticsAsync(int logTail = 120)
    {
        var text = new StringBuilder();
        text.AppendLine("--- docker service ps");
        text.AppendLine(await Cli.TryDockerAsync("service", "ps", "--no-trunc", "--format", "{{.Name}} {{.ID}} {{.Image}} desired={{.DesiredState}} {{.CurrentState}} {{.Error}}", WhoamiService, StickyService) ?? "(failed)");
        text.AppendLine(CultureInfo.InvariantCulture, $"--- docker service logs {StickyService} (tail {logTail})");
        text.AppendLine(await ServiceLogsAsync(logTail) ?? "(failed)");
        text.AppendLine("--- probe's last responses");
        text.AppendLine(Probe.LastResponses());
        return text.ToString();
    }

    /// <summary>Sticky's log lines (docker service logs; the task writes to stdout).</summary>
    public async Task<string?> ServiceLogsAsync(int tail = 2000)
    {
        try
        {
            return await Cli.RunAsync("sh", ["-c", $"docker service logs --raw --timestamps --tail {tail} {StickyService} 2>&1"], TimeSpan.FromSeconds(20));
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Probe.Dispose();
        await Engine.RemoveAsync(_services, _networks);
        _services.Clear();
        _networks.Clear();
        if (_buildContainer is not null)
        {
            await Cli.TryDockerAsync("container", "rm", "--force", _buildContainer);
            _buildContainer = null;
        }

        if (_updateImageTag is not null)
        {
            // The services (and so their containers) are gone: nothing uses the image any more.
            await Cli.TryDockerAsync("image", "rm", _updateImageTag);
            _updateImageTag = null;
        }
    }

    private async Task CreateAsync(int replicas)
    {
        await WaitForNameAsync();

        _networks.Add(Network);
        await Cli.DockerAsync("network", "create", "--driver", "overlay", "--attachable", "--label", $"{Engine.MarkerLabel}={Engine.MarkerValue}", Network);

        _services.Add(WhoamiService);
        await Cli.DockerAsync(
            "service", "create", "--detach", "--no-resolve-image", "--name", WhoamiService,
            "--replicas", replicas.ToString(CultureInfo.InvariantCulture), "--network", Network,
            "--stop-grace-period", "10s",
            "--update-parallelism", "1", "--update-delay", "2s", "--update-order", "stop-first", "--update-failure-action", "pause",
            "--container-label", $"{Engine.MarkerLabel}={Engine.MarkerValue}",
            "--label", $"traefik.docker.network={Network}",
            "--label", "traefik.port=8000",
            "--label", "traefik.frontend.rule=PathPrefix:/",
            "--label", "traefik.backend.loadbalancer.stickiness=true",
            Engine.WhoamiImageId, "sh", "-c", s_taskScript);

        _services.Add(StickyService);
        await Cli.DockerAsync(
        [
            "service", "create", "--detach", "--no-resolve-image", "--name", StickyService,
            "--label", $"{Engine.MarkerLabel}={Engine.MarkerValue}",
            "--publish", $"mode=host,target=80,published={ProxyPort}",
            "--publish", $"mode=host,target=8080,published={AdminPort}",
            "--mount", "type=bind,source=/var/run/docker.sock,destination=/var/run/docker.sock",
            "--mode=global", "--constraint", "node.role == manager", "--network", Network, "--stop-grace-period", "2s",
            Engine.StickyImageId, .. SwarmTutorialStack.TutorialArguments,
            $"--Sticky:Health:DrainTimeout={DrainTimeout:hh\\:mm\\:ss}",
        ]);

        var clock = Stopwatch.StartNew();
        while (await Probe.GetTextAsync(PingUrl) != "OK")
        {
            if (clock.Elapsed > s_startTimeout)
            {
                throw new AssertionException($"Sticky did not answer {PingUrl} within {s_startTimeout}{Environment.NewLine}{await DiagnosticsAsync()}");
            }

            await Task.Delay(250);
        }

        await WaitForRoutingToAllAsync(replicas, s_startTimeout - clock.Elapsed);
    }

    // The tutorial's name is fixed, so a concurrent run of these tests (or a leftover) must go first.
    private static async Task WaitForNameAsync()
    {
        var clock = Stopwatch.StartNew();
        while (await Cli.TryDockerAsync("service", "inspect", "--format", $"{{{{index .Spec.TaskTemplate.ContainerSpec.Labels \"{Engine.MarkerLabel}\"}}}}", WhoamiService) is { } marker)
        {
            if (marker.Length == 0)
            {
                Assert.Fail($"a service named {WhoamiService} that these tests did not create exists; remove it ('docker service rm {WhoamiService}') to run them");
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(2))
            {
                Assert.Fail($"service {WhoamiService} from another run of these tests (created at unix time {marker}) is still there after 2 minutes");
            }

            await Task.Delay(1000);
        }
    }

    // Update images of runs that crashed before their TearDown (older than any run lasts; a concurrent run keeps its own).
    private static async Task RemoveOldUpdateImagesAsync()
    {
        var cutoff = DateTimeOffset.UtcNow.AddMinutes(-15).ToUnixTimeSeconds();
        var images = await Cli.TryDockerAsync("image", "ls", "--filter", "label=sticky.test.version=2", "--filter", $"label={Engine.MarkerLabel}", "--format", "{{.Repository}}:{{.Tag}}") ?? string.Empty;
        foreach (var image in images.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var marker = await Cli.TryDockerAsync("image", "inspect", "--format", $"{{{{index .Config.Labels \"{Engine.MarkerLabel}\"}}}}", image);
            if (image.StartsWith("sticky-test/busybox:roll-", StringComparison.Ordinal) && long.TryParse(marker, CultureInfo.InvariantCulture, out var created) && created < cutoff)
            {
                await Cli.TryDockerAsync("image", "rm", image);
            }
        }
    }
}
