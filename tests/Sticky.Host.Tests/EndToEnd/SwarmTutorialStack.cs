// Licensed under the MIT License. See LICENSE in the repository root.

using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Sticky.Host.EndToEnd.Tests;

/// <summary>
/// The seed tutorial on the local swarm: an attachable overlay network, <c>whoami-service</c> with the
/// tutorial's four labels, and Sticky (sticky:local) as a global service on managers with the Docker socket
/// mounted and the tutorial's arguments, its ports published in host mode so 127.0.0.1 reaches them.
/// </summary>
internal sealed class SwarmTutorialStack : IAsyncDisposable
{
    /// <summary>The tutorial's service name; Traefik v1 and Sticky derive the cookie name <c>_a49bc</c> from it.</summary>
    public const string WhoamiService = "whoami-service";

    public const string CookieName = "_a49bc";

    /// <summary>The balancer's arguments, exactly as in the tutorial's <c>docker service create</c> line.</summary>
    public static readonly string[] TutorialArguments = ["--docker", "--docker.swarmmode", "--docker.watch", "--web", "--loglevel=DEBUG"];

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(90);

    private readonly List<string> _services = [];
    private readonly List<string> _networks = [];

    private SwarmTutorialStack(string suffix)
    {
        Network = "sticky-e2e-net-" + suffix;
        StickyService = "sticky-e2e-" + suffix;
        ProxyPort = Engine.FreePort();
        AdminPort = Engine.FreePort();
        Client = new ProxyClient(new Uri($"http://127.0.0.1:{ProxyPort}/"));
    }

    public string Network { get; }

    public string StickyService { get; }

    public int ProxyPort { get; }

    public int AdminPort { get; }

    public ProxyClient Client { get; }

    public Uri PingUrl => new($"http://127.0.0.1:{AdminPort}/ping");

    /// <summary>Creates the stack and waits until Sticky answers /ping and routes to every running replica.</summary>
    public static async Task<SwarmTutorialStack> StartAsync(int replicas)
    {
        var stack = new SwarmTutorialStack(Guid.NewGuid().ToString("N")[..8]);
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

    /// <summary>Running whoami tasks, keyed by the hostname their page names.</summary>
    public async Task<Dictionary<string, TaskInfo>> RunningWhoamiAsync() =>
        (await Engine.TasksAsync(WhoamiService)).Where(static t => t.Running).ToDictionary(static t => t.Hostname, StringComparer.Ordinal);

    /// <summary>
    /// Sends requests without a cookie until the replies name exactly the running tasks (bounded), so the
    /// routing table has caught up with Docker. Returns the hostnames seen.
    /// </summary>
    public async Task<HashSet<string>> WaitForRoutingToAllAsync(int expected, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (clock.Elapsed < timeout)
        {
            var running = await RunningWhoamiAsync();
            if (running.Count == expected)
            {
                seen.Clear();
                for (var i = 0; i < expected * 4; i++)
                {
                    if ((await Client.GetAsync()).Hostname is { } host)
                    {
                        seen.Add(host);
                    }
                }

                if (seen.SetEquals(running.Keys))
                {
                    return seen;
                }
            }

            await Task.Delay(250);
        }

        Assert.Fail($"Sticky did not route to the {expected} running whoami tasks within {timeout}; last seen [{string.Join(", ", seen)}]{Environment.NewLine}{await DiagnosticsAsync()}");
        return seen;
    }

    /// <summary>
    /// Asserts with the constraint; only when it fails does the message gather the diagnostics (docker service
    /// ps, Sticky's log, the last responses), which cost a few docker calls.
    /// </summary>
    public async Task ExpectAsync<T>(T actual, NUnit.Framework.Constraints.IResolveConstraint constraint, string message)
    {
        if (!constraint.Resolve().ApplyTo(actual).IsSuccess)
        {
            Assert.That(actual, constraint, $"{message}{Environment.NewLine}{await DiagnosticsAsync()}");
        }
    }

    /// <summary>docker service ps, Sticky's log tail and the last responses, for failure messages.</summary>
    public async Task<string> DiagnosticsAsync()
    {
        var text = new StringBuilder();
        text.AppendLine("--- docker service ps");
        text.AppendLine(await Cli.TryDockerAsync("service", "ps", "--no-trunc", "--format", "{{.Name}} {{.ID}} {{.DesiredState}} {{.CurrentState}} {{.Error}} {{.Ports}}", WhoamiService, StickyService) ?? "(failed)");
        text.AppendLine(CultureInfo.InvariantCulture, $"--- docker service logs {StickyService} (tail)");
        text.AppendLine(await ServiceLogsAsync(80) ?? "(failed)");
        text.AppendLine("--- last responses");
        text.AppendLine(Client.LastResponses());
        return text.ToString();
    }

    /// <summary>Sticky's log lines (docker service logs; the task writes to stdout).</summary>
    public async Task<string?> ServiceLogsAsync(int tail = 2000)
    {
        try
        {
            return await Cli.RunAsync("sh", ["-c", $"docker service logs --raw --tail {tail} {StickyService} 2>&1"], TimeSpan.FromSeconds(20));
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Engine.RemoveAsync(_services, _networks);
    }

    private async Task CreateAsync(int replicas)
    {
        await WaitForNameAsync(WhoamiService);

        _networks.Add(Network);
        await Cli.DockerAsync("network", "create", "--driver", "overlay", "--attachable", "--label", $"{Engine.MarkerLabel}={Engine.MarkerValue}", Network);

        _services.Add(WhoamiService);
        await Cli.DockerAsync(
            "service", "create", "--detach", "--no-resolve-image", "--name", WhoamiService,
            "--replicas", replicas.ToString(CultureInfo.InvariantCulture), "--network", Network, "--stop-grace-period", "1s",
            "--container-label", $"{Engine.MarkerLabel}={Engine.MarkerValue}",
            "--label", $"traefik.docker.network={Network}",
            "--label", "traefik.port=8000",
            "--label", "traefik.frontend.rule=PathPrefix:/",
            "--label", "traefik.backend.loadbalancer.stickiness=true",
            Engine.WhoamiImageId);

        _services.Add(StickyService);
        await Cli.DockerAsync(
        [
            "service", "create", "--detach", "--no-resolve-image", "--name", StickyService,
            "--label", $"{Engine.MarkerLabel}={Engine.MarkerValue}",
            "--publish", $"mode=host,target=80,published={ProxyPort}",
            "--publish", $"mode=host,target=8080,published={AdminPort}",
            "--mount", "type=bind,source=/var/run/docker.sock,destination=/var/run/docker.sock",
            "--mode=global", "--constraint", "node.role == manager", "--network", Network, "--stop-grace-period", "2s",
            Engine.StickyImageId, .. TutorialArguments,
        ]);

        var clock = Stopwatch.StartNew();
        while (await Client.GetTextAsync(PingUrl) != "OK")
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
    private static async Task WaitForNameAsync(string service)
    {
        var clock = Stopwatch.StartNew();
        while (await Cli.TryDockerAsync("service", "inspect", "--format", $"{{{{index .Spec.TaskTemplate.ContainerSpec.Labels \"{Engine.MarkerLabel}\"}}}}", service) is { } marker)
        {
            if (marker.Length == 0)
            {
                Assert.Fail($"a service named {service} that these tests did not create exists; remove it ('docker service rm {service}') to run them");
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(2))
            {
                Assert.Fail($"service {service} from another run of these tests (created at unix time {marker}) is still there after 2 minutes");
            }

            await Task.Delay(1000);
        }
    }
}
