// Licensed under the MIT License. See LICENSE in the repository root.

using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Sticky.Host.EndToEnd.Tests;

/// <summary>
/// dockerd restarted under a running Sticky. A restart stops every container, Swarm tasks included
/// (live-restore cannot be used with Swarm), so Sticky runs here as a process on the host against the socket,
/// with the tutorial's flags. Overlay task IPs are not reachable from the host, so no request is proxied:
/// Sticky's behaviour is read from its admin port (/ping) and its DEBUG log, which names every server of
/// the routing table ("Creating server ... at ... with weight ...").
/// </summary>
[TestFixture]
[Category("Docker")]
[NonParallelizable]
public sealed class DockerDaemonRestartEndToEndTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);

    private readonly List<string> _services = [];
    private readonly List<string> _networks = [];
    private StickyProcess? _sticky;
    private ProxyClient? _http;
    private string _suffix = null!;
    private string? _copy;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        await Engine.EnsureReadyAsync();
        if (DockerDaemon.CannotRestartReason() is { } reason)
        {
            Engine.Unavailable(reason);
        }
    }

    [SetUp]
    public void SetUp() => _suffix = Guid.NewGuid().ToString("N")[..8];

    [TearDown]
    public async Task TearDown()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            await TestContext.Out.WriteLineAsync(await DiagnosticsAsync());
        }

        _sticky?.Dispose();
        _sticky = null;
        _http?.Dispose();
        _http = null;
        if (_copy is not null)
        {
            Directory.Delete(_copy, recursive: true);
            _copy = null;
        }

        // Whatever failed, the engine must be back for everything after this test.
        if (await Cli.TryDockerAsync("info", "--format", "{{.Swarm.LocalNodeState}}") != "active")
        {
            await DockerDaemon.StartAsync(TimeSpan.FromMinutes(3));
        }

        await Engine.RemoveAsync(_services, _networks);
        _services.Clear();
        _networks.Clear();
    }

    [Test]
    public async Task DaemonRestarted_StickyProcess_KeepsServingTheLastConfigurationThenPicksUpChanges()
    {
        if (await Engine.WaitForQuietEngineAsync(TimeSpan.FromSeconds(60)) is { } busy)
        {
            // Restarting dockerd would kill them; they are not ours to kill.
            Engine.Unavailable($"the engine runs workloads these tests did not create, so it is not restarted: {busy}");
        }

        var network = "sticky-e2e-rnet-" + _suffix;
        var before = "whoami-before-" + _suffix;
        var after = "whoami-after-" + _suffix;
        _networks.Add(network);
        await Cli.DockerAsync("network", "create", "--driver", "overlay", "--attachable", "--label", $"{Engine.MarkerLabel}={Engine.MarkerValue}", network);
        await CreateWhoamiAsync(before, network, replicas: 2);

        var proxyPort = Engine.FreePort();
        var adminPort = Engine.FreePort();
        var ping = new Uri($"http://127.0.0.1:{adminPort}/ping");
        _http = new ProxyClient(new Uri($"http://127.0.0.1:{proxyPort}/"));
        // A private copy of the publish: another test run's build-image.sh may replace the folder meanwhile.
        var published = Engine.PublishDirectory();
        Assert.That(File.Exists(Path.Combine(published, "Sticky.Host")), Is.True, $"{published}/Sticky.Host is missing; eng/docker/build-image.sh publishes it");
        _copy = Path.Combine(Path.GetTempPath(), "sticky-e2e-" + _suffix);
        await Cli.RunAsync("cp", ["-a", published, _copy]);
        var executable = Path.Combine(_copy, "Sticky.Host");
        _sticky = StickyProcess.Start(executable,
        [
            .. SwarmTutorialStack.TutorialArguments,
            $"--proxy.address=127.0.0.1:{proxyPort}",
            $"--admin.address=127.0.0.1:{adminPort}",
        ]);

        // Up, with both tasks of the first service in its routing table.
        await WaitForPingAsync(ping);
        var initial = await WaitForRunningTasksAsync(before, 2);
        foreach (var task in initial)
        {
            await ExpectServerLineAsync(before, network, task, from: 0);
        }

        // dockerd goes away: every container stops with it.
        var outageStart = _sticky.LineCount;
        var stopClock = Stopwatch.StartNew();
        await DockerDaemon.StopAsync(TimeSpan.FromSeconds(90));
        await TestContext.Out.WriteLineAsync($"dockerd stopped in {stopClock.ElapsedMilliseconds} ms");

        var failed = await _sticky.WaitForLineAsync(new Regex(@"Provider docker cannot refresh, keeping the last good configuration \(1 services\)"), outageStart, s_wait);
        Assert.That(failed, Is.Not.Null, $"no 'cannot refresh, keeping the last good configuration (1 services)' line after dockerd stopped{Environment.NewLine}{_sticky.Tail()}");

        // While it is away Sticky keeps running and answering, for a few seconds of polling.
        var pings = new List<string?>();
        for (var i = 0; i < 15; i++)
        {
            pings.Add(await _http.GetTextAsync(ping));
            await Task.Delay(200);
        }

        Assert.That(_sticky.HasExited, Is.False, $"Sticky exited ({_sticky.ExitCode}) while dockerd was down{Environment.NewLine}{_sticky.Tail()}");
        Assert.That(pings, Is.All.EqualTo("OK"), "/ping during the outage");

        // dockerd is back; Swarm replaces the stopped tasks with new ones.
        var startClock = Stopwatch.StartNew();
        await DockerDaemon.StartAsync(TimeSpan.FromMinutes(3));
        await TestContext.Out.WriteLineAsync($"dockerd back in {startClock.ElapsedMilliseconds} ms");
        var recovered = await _sticky.WaitForLineAsync(new Regex("Provider docker refreshed again after an error"), outageStart, s_wait);
        Assert.That(recovered, Is.Not.Null, $"the provider did not recover after dockerd came back{Environment.NewLine}{_sticky.Tail()}");

        // The event stream is back, not just the periodic re-list (its backoff is at most 10 s): a throwaway
        // network's create event, made every second until Sticky logs one, proves it.
        await ExpectEventStreamAsync(recovered!.Value.Index);

        var replaced = await WaitForRunningTasksAsync(before, 2);
        Assert.That(replaced.Select(static t => t.Id), Has.None.AnyOf([.. initial.Select(static t => t.Id)]), "Swarm started new tasks");
        foreach (var task in replaced)
        {
            await ExpectServerLineAsync(before, network, task, outageStart);
        }

        // A change made after the restart: a new labelled service joins the routing table.
        var changeAt = _sticky.LineCount;
        await CreateWhoamiAsync(after, network, replicas: 1);
        var added = (await WaitForRunningTasksAsync(after, 1)).Single();
        var seen = await ExpectServerLineAsync(after, network, added, changeAt);
        await TestContext.Out.WriteLineAsync($"new service's task running {added.Since:HH:mm:ss.fff}, in Sticky's table by {seen:HH:mm:ss.fff} (+{(seen - added.Since).TotalMilliseconds:F0} ms)");
        Assert.That(seen - added.Since, Is.LessThan(TimeSpan.FromSeconds(2)), "the 2 s promise holds again after the restart");

        // Throughout, the table never lost the first service (never emptied by the outage), and Sticky still answers.
        var emptied = _sticky.Lines(outageStart).Where(static l => Regex.IsMatch(l, @"Routing table updated: generation \d+, 0 services")).ToList();
        Assert.That(emptied, Is.Empty, "the routing table was emptied");
        Assert.That(_sticky.Lines(outageStart).Where(l => l.Contains($"Service {before} removed", StringComparison.Ordinal)), Is.Empty);
        Assert.That(await _http.GetTextAsync(ping), Is.EqualTo("OK"));
        Assert.That(_sticky.HasExited, Is.False);
    }

    private async Task CreateWhoamiAsync(string name, string network, int replicas)
    {
        _services.Add(name);
        await Cli.DockerAsync(
            "service", "create", "--detach", "--no-resolve-image", "--name", name,
            "--replicas", replicas.ToString(CultureInfo.InvariantCulture), "--network", network, "--stop-grace-period", "1s",
            "--container-label", $"{Engine.MarkerLabel}={Engine.MarkerValue}",
            "--label", $"traefik.docker.network={network}",
            "--label", "traefik.port=8000",
            "--label", "traefik.frontend.rule=PathPrefix:/",
            "--label", "traefik.backend.loadbalancer.stickiness=true",
            Engine.WhoamiImageId);
    }

    private async Task ExpectEventStreamAsync(int from)
    {
        var probe = "sticky-e2e-probe-" + _suffix;
        _networks.Add(probe);
        var clock = Stopwatch.StartNew();
        var pattern = new Regex($@"Docker event network create {Regex.Escape(probe)}");
        while (await _sticky!.WaitForLineAsync(pattern, from, TimeSpan.FromSeconds(1)) is null)
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)), $"no Docker event reached Sticky within 30 s after dockerd came back{Environment.NewLine}{_sticky.Tail()}");
            await Cli.TryDockerAsync("network", "rm", probe);
            await Cli.DockerAsync("network", "create", "--driver", "bridge", "--label", $"{Engine.MarkerLabel}={Engine.MarkerValue}", probe);
        }

        await TestContext.Out.WriteLineAsync($"event stream back {clock.ElapsedMilliseconds} ms after the provider recovered");
    }

    private async Task WaitForPingAsync(Uri ping)
    {
        var clock = Stopwatch.StartNew();
        while (await _http!.GetTextAsync(ping) != "OK")
        {
            Assert.That(_sticky!.HasExited, Is.False, $"Sticky exited ({_sticky.ExitCode}){Environment.NewLine}{_sticky.Tail()}");
            Assert.That(clock.Elapsed, Is.LessThan(s_wait), $"no answer on {ping}{Environment.NewLine}{_sticky.Tail()}");
            await Task.Delay(200);
        }
    }

    private static async Task<IReadOnlyList<TaskInfo>> WaitForRunningTasksAsync(string service, int count)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var running = (await Engine.TasksAsync(service)).Where(static t => t.Running).ToList();
            if (running.Count == count)
            {
                return running;
            }

            Assert.That(clock.Elapsed, Is.LessThan(s_wait), $"{service} has {running.Count} running tasks, not {count}");
            await Task.Delay(250);
        }
    }

    // Sticky.Core logs each server of a rebuilt table: "Creating server <service>.<slot>.<task> at http://<ip>:8000 with weight 1".
    private async Task<DateTimeOffset> ExpectServerLineAsync(string service, string network, TaskInfo task, int from)
    {
        Assert.That(task.Addresses.ContainsKey(network), Is.True, $"task {task} has no address on {network}");
        var pattern = new Regex($@"Creating server {Regex.Escape(service)}\.\d+\.{Regex.Escape(task.Id)} at http://{Regex.Escape(task.Addresses[network])}:8000 with weight 1");
        var line = await _sticky!.WaitForLineAsync(pattern, from, s_wait);
        Assert.That(line, Is.Not.Null, $"Sticky's table never got task {task} of {service} (expected /{pattern}/){Environment.NewLine}{_sticky.Tail()}");
        return line!.Value.SeenAt;
    }

    private async Task<string> DiagnosticsAsync()
    {
        var text = new StringBuilder();
        foreach (var service in _services)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"--- docker service ps {service}");
            text.AppendLine(await Cli.TryDockerAsync("service", "ps", "--no-trunc", "--format", "{{.Name}} {{.ID}} {{.DesiredState}} {{.CurrentState}} {{.Error}}", service) ?? "(failed)");
        }

        text.AppendLine("--- Sticky process log (tail)");
        text.AppendLine(_sticky?.Tail(120) ?? "(not started)");
        text.AppendLine("--- dockerd log (tail)");
        try
        {
            text.AppendLine(string.Join(Environment.NewLine, File.ReadLines("/tmp/dockerd.log").TakeLast(20)));
        }
        catch (IOException ex)
        {
            text.AppendLine(ex.Message);
        }

        return text.ToString();
    }
}
