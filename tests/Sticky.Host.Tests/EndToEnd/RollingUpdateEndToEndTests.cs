// Licensed under the MIT License. See LICENSE in the repository root.

using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Sticky.Host.EndToEnd.Tests;

/// <summary>
/// Issue 5's Swarm acceptance: <c>docker service update --image</c> of a 3-replica service under load gives
/// zero failed requests, and pinned clients keep their task until it drains. The update is stop-first, one task
/// at a time: exactly one old task drains at any moment and its replacement starts only once it has exited, so
/// each drain is observed on its own and Docker's "completed" means every old task is gone. With start-first
/// (which passes too) the drains overlap, the replacement's start is the only cue Sticky gets, and Docker
/// reports the update completed while the last old task still serves its pinned clients.
/// </summary>
[TestFixture]
[Category("Docker")]
[NonParallelizable]
public sealed class RollingUpdateEndToEndTests
{
    private const int Replicas = 3;
    private const int PinnedClients = 10;
    private const int NewClients = 10;

    /// <summary>The Docker provider's promise: a change is in the routing table within 2 s.</summary>
    private static readonly TimeSpan s_promise = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A pinned client must still get its old task this long after Docker retired it: the task serves 6 s after
    /// SIGTERM (which the agent sends 2 s after the retirement), less a second for the watch's lag.
    /// </summary>
    private static readonly TimeSpan s_servedWhileDraining = RollingUpdateStack.AppDrain - TimeSpan.FromSeconds(1);

    private static readonly TimeSpan s_pause = TimeSpan.FromMilliseconds(40);
    private static readonly TimeSpan s_updateTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(3);

    private RollingUpdateStack? _stack;
    private RollingUpdateTaskWatch? _watch;
    private RollingUpdateLoad? _load;
    private readonly List<RollingUpdateClient> _clients = [];
    private bool _reported;

    [OneTimeSetUp]
    public Task OneTimeSetUp() => Engine.EnsureReadyAsync();

    [TearDown]
    public async Task TearDown()
    {
        if (_load is not null)
        {
            await _load.StopAsync();
            _load = null;
        }

        if (_watch is not null)
        {
            await _watch.DisposeAsync();
        }

        // A failed check already carries the diagnostics; anything else that failed (start-up, a docker command) gets them here.
        if (_stack is not null && !_reported && TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            await TestContext.Out.WriteLineAsync(_watch?.Describe());
            await TestContext.Out.WriteLineAsync(await _stack.DiagnosticsAsync());
        }

        _watch = null;
        _reported = false;
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _clients.Clear();
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
            _stack = null;
        }
    }

    [Test]
    public async Task ServiceUpdateImage_ThreeReplicasUnderLoad_NoFailedRequestAndPinnedClientsKeepTheirTaskUntilItDrains()
    {
        var total = Stopwatch.StartNew();
        _stack = await RollingUpdateStack.StartAsync(Replicas);
        var stack = _stack;
        var oldImage = Engine.WhoamiImageId;
        var newImage = await stack.CreateUpdateImageAsync();
        Assert.That(newImage, Is.Not.EqualTo(oldImage), "the update image must have its own ID");
        _watch = await RollingUpdateTaskWatch.StartAsync(RollingUpdateStack.WhoamiService);
        var watch = _watch;

        // Pin the browsers: each takes the cookie of its first answer, spread over the tasks by round-robin.
        for (var i = 0; i < PinnedClients + NewClients; i++)
        {
            _clients.Add(new RollingUpdateClient(i, pinned: i < PinnedClients, stack.ProxyAddress));
        }

        foreach (var client in _clients.Where(static c => c.Pinned))
        {
            var first = await client.SendAsync();
            Assert.That(first.Response.CookieName, Is.EqualTo(RollingUpdateStack.CookieName), $"{client} is pinned by its first answer: {first}");
        }

        _load = RollingUpdateLoad.Start(_clients, s_pause, maxRequests: 4_000, maxDuration: TimeSpan.FromSeconds(150));
        await Task.Delay(TimeSpan.FromSeconds(1));

        var updateStarted = DateTimeOffset.UtcNow;
        await Cli.DockerAsync("service", "update", "--detach", "--no-resolve-image", "--image", newImage, RollingUpdateStack.WhoamiService);
        var (state, updateEnded) = await WaitForUpdateAsync();

        // Let the routing table catch up with the last task before judging where every client ended.
        await Task.Delay(s_settle);
        var loadEndedEarly = await _load.StopAsync();
        _load = null;
        await watch.StopAsync();

        var tasks = watch.Tasks();
        var byHost = tasks.Where(static t => t.Hostname.Length > 0).ToDictionary(static t => t.Hostname, StringComparer.Ordinal);
        var newHosts = tasks.Where(t => t.Image == newImage && t.DesiredState == "running" && t.State == "running").Select(static t => t.Hostname).ToHashSet(StringComparer.Ordinal);
        var samples = _clients.SelectMany(static c => c.Samples).ToList();

        var failures = samples.Where(static s => s.Failed).Select(static s => s.ToString()).ToList();
        var unknown = samples.Where(s => s.Response.Hostname is { } h && !byHost.ContainsKey(h)).Select(static s => $"answered by a task Docker never listed: {s}").ToList();
        var pinnedProblems = _clients.Where(static c => c.Pinned).SelectMany(c => CheckPinnedClient(c, byHost, newHosts)).ToList();
        var newClientProblems = _clients.Where(static c => !c.Pinned).SelectMany(c => CheckNewClient(c, byHost, newHosts)).ToList();

        var summary = Summary(samples, tasks, oldImage, newImage, updateStarted, updateEnded, state, total.Elapsed);
        await TestContext.Out.WriteLineAsync(summary);
        await TestContext.Out.WriteLineAsync(watch.Describe());
        await TestContext.Out.WriteLineAsync(await StickyStoryAsync(stack));

        var problems = new List<string>();
        if (state != "completed")
        {
            problems.Add($"the update did not complete within {s_updateTimeout}: UpdateStatus.State '{state}'");
        }

        if (newHosts.Count != Replicas)
        {
            problems.Add($"after the update {newHosts.Count} tasks of the new image run, not {Replicas}");
        }

        // The premise: the old tasks drained like a real application and exited by themselves, not by SIGKILL.
        foreach (var task in tasks.Where(t => t.Image == oldImage && t.ExitCode != 0))
        {
            problems.Add($"old {task} did not exit 0 after its drain (exit code {(task.ExitCode is { } code ? code.ToString(CultureInfo.InvariantCulture) : "not seen")})");
        }

        if (loadEndedEarly)
        {
            problems.Add("a load loop reached its bound before the update ended: the test did not cover the whole update");
        }

        problems.AddRange(failures.Select(static f => "FAILED REQUEST " + f));
        problems.AddRange(unknown);
        problems.AddRange(pinnedProblems);
        problems.AddRange(newClientProblems);
        if (problems.Count == 0)
        {
            return;
        }

        var message = new StringBuilder();
        message.AppendLine(CultureInfo.InvariantCulture, $"{problems.Count} problems ({failures.Count} failed requests of {samples.Count}):");
        foreach (var problem in problems.Take(200))
        {
            message.AppendLine("  " + problem);
        }

        message.AppendLine(summary);
        message.AppendLine(watch.Describe());
        message.AppendLine(await stack.DiagnosticsAsync(logTail: 150));
        _reported = true;
        Assert.That(problems, Is.Empty, message.ToString());
    }

    /// <summary>
    /// A pinned client stays on its task while the task drains, moves only when its task has been retired
    /// (with a Set-Cookie naming the new one), never to a task that is itself retired, never back, and ends on
    /// a task of the new image.
    /// </summary>
    private static IEnumerable<string> CheckPinnedClient(RollingUpdateClient client, Dictionary<string, RollingUpdateTaskRecord> byHost, HashSet<string> newHosts)
    {
        var answered = client.Samples.Where(static s => s.Response.Hostname is not null).ToList();
        if (answered.Count == 0)
        {
            yield return $"{client} never got an answer";
            yield break;
        }

        var current = answered[0].Response.Hostname!;
        var lastFromCurrent = answered[0];
        var left = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sample in answered.Skip(1))
        {
            var host = sample.Response.Hostname!;
            if (host == current)
            {
                if (sample.Response.SetCookie is not null)
                {
                    yield return $"{client}: the cookie was re-issued without a change of task: {sample}";
                }

                lastFromCurrent = sample;
                continue;
            }

            if (byHost.TryGetValue(current, out var from) && byHost.TryGetValue(host, out var to))
            {
                if (from.RetiredSeen is not { } retired || from.LastSeenWantedRunning >= sample.Response.At)
                {
                    yield return $"{client} left {current} while Docker still wanted it running (last seen so {from.LastSeenWantedRunning:HH:mm:ss.fff}): {sample}";
                }
                else if (lastFromCurrent.Sent < retired + s_servedWhileDraining)
                {
                    yield return $"{client} left {current} too early: its last answer from it was sent {lastFromCurrent.Sent:HH:mm:ss.fff}, "
                        + $"{(lastFromCurrent.Sent - retired).TotalSeconds:F1} s after Docker retired it ({retired:HH:mm:ss.fff}); the task serves {RollingUpdateStack.AppDrain.TotalSeconds:F0} s longer: {sample}";
                }

                if (to.RetiredSeen is { } toRetired && toRetired < sample.Sent)
                {
                    yield return $"{client} moved to {host}, which Docker had already retired at {toRetired:HH:mm:ss.fff}: {sample}";
                }
            }

            if (left.Contains(host))
            {
                yield return $"{client} came back to {host}, which it had left: {sample}";
            }

            if (sample.Response.CookieName != RollingUpdateStack.CookieName)
            {
                yield return $"{client} moved from {current} to {host} without a Set-Cookie for the new task: {sample}";
            }

            left.Add(current);
            current = host;
            lastFromCurrent = sample;
        }

        if (!newHosts.Contains(current))
        {
            yield return $"{client} ended on {current}, not on a running task of the new image [{string.Join(", ", newHosts)}]";
        }
    }

    /// <summary>A client without a cookie is a new visitor: a retired task must not get it once Sticky has had time to notice.</summary>
    private static IEnumerable<string> CheckNewClient(RollingUpdateClient client, Dictionary<string, RollingUpdateTaskRecord> byHost, HashSet<string> newHosts)
    {
        foreach (var sample in client.Samples)
        {
            if (sample.Response.Hostname is { } host && byHost.TryGetValue(host, out var task) && task.RetiredSeen is { } retired && sample.Sent > retired + s_promise)
            {
                yield return $"{client} (no cookie) was placed on {host}, retired by Docker at {retired:HH:mm:ss.fff}, "
                    + $"{(sample.Sent - retired).TotalSeconds:F1} s later: a draining task got a new client: {sample}";
            }
        }

        if (client.Samples.LastOrDefault(static s => s.Response.Hostname is not null) is { } last && !newHosts.Contains(last.Response.Hostname!))
        {
            yield return $"{client}'s last answer came from {last.Response.Hostname}, not from a running task of the new image: {last}";
        }
    }

    /// <summary>What Sticky said about the update: events, backends added, draining and removed, retries, table swaps.</summary>
    private static async Task<string> StickyStoryAsync(RollingUpdateStack stack)
    {
        string[] topics = ["Docker event", "added to", "draining True", "removed from", "retrying on", "Routing table updated", "No backend", "fail:", "crit:"];
        var logs = await stack.ServiceLogsAsync(5000) ?? string.Empty;
        var lines = logs.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => topics.Any(t => l.Contains(t, StringComparison.Ordinal)))
            .Select(static l => "  " + (l.Length > 300 ? l[..300] + "..." : l))
            .ToList();
        var retries = lines.Count(static l => l.Contains("retrying on", StringComparison.Ordinal));
        return $"--- Sticky's log about the update ({retries} retries){Environment.NewLine}{string.Join(Environment.NewLine, lines.TakeLast(150))}";
    }

    private static async Task<(string State, DateTimeOffset At)> WaitForUpdateAsync()
    {
        var clock = Stopwatch.StartNew();
        var state = string.Empty;
        while (clock.Elapsed < s_updateTimeout)
        {
            state = await RollingUpdateStack.UpdateStateAsync();
            if (state is "completed" or "paused" or "rollback_started" or "rollback_paused" or "rollback_completed")
            {
                break;
            }

            await Task.Delay(500);
        }

        return (state, DateTimeOffset.UtcNow);
    }

    private string Summary(List<RollingUpdateSample> samples, IReadOnlyList<RollingUpdateTaskRecord> tasks, string oldImage, string newImage, DateTimeOffset updateStarted, DateTimeOffset updateEnded, string state, TimeSpan elapsed)
    {
        var byHost = tasks.Where(static t => t.Hostname.Length > 0).ToDictionary(static t => t.Hostname, StringComparer.Ordinal);
        string Name(string host) => byHost.TryGetValue(host, out var t) ? $"{host}(slot {t.Slot} {(t.Image == oldImage ? "old" : t.Image == newImage ? "new" : "?")})" : host;

        var text = new StringBuilder();
        var slow = samples.Where(static s => s.Latency > TimeSpan.FromSeconds(1)).ToList();
        text.AppendLine(CultureInfo.InvariantCulture, $"--- rolling update {updateStarted:HH:mm:ss.fff} -> {state} seen {updateEnded:HH:mm:ss.fff} ({(updateEnded - updateStarted).TotalSeconds:F1} s); test so far {elapsed.TotalSeconds:F0} s");
        text.AppendLine(CultureInfo.InvariantCulture, $"{samples.Count} requests by {_clients.Count} clients, {samples.Count(static s => s.Failed)} failed; "
            + $"latency max {(samples.Count == 0 ? 0 : samples.Max(static s => s.Latency.TotalMilliseconds)):F0} ms, {slow.Count} over 1 s");
        foreach (var s in slow.Take(20))
        {
            text.AppendLine("  slow: " + s);
        }

        foreach (var client in _clients)
        {
            var segments = new List<string>();
            string? host = null;
            var count = 0;
            DateTimeOffset from = default, to = default;
            foreach (var sample in client.Samples.Where(static s => s.Response.Hostname is not null))
            {
                if (sample.Response.Hostname != host)
                {
                    if (host is not null)
                    {
                        segments.Add($"{Name(host)} {from:HH:mm:ss.fff}-{to:HH:mm:ss.fff} x{count}");
                    }

                    (host, count, from) = (sample.Response.Hostname, 0, sample.Sent);
                    if (client.Pinned && sample.Response.SetCookie is not null)
                    {
                        segments.Add($"[Set-Cookie {sample.Response.At:HH:mm:ss.fff}]");
                    }
                }

                count++;
                to = sample.Sent;
            }

            if (host is not null)
            {
                segments.Add($"{Name(host)} {from:HH:mm:ss.fff}-{to:HH:mm:ss.fff} x{count}");
            }

            // A new client's answers cycle through the tasks: only the count per task says something.
            var line = client.Pinned
                ? string.Join(" -> ", segments)
                : string.Join(", ", client.Samples.Where(static s => s.Response.Hostname is not null).GroupBy(static s => s.Response.Hostname!).Select(g => $"{Name(g.Key)} x{g.Count()} last {g.Max(static s => s.Sent):HH:mm:ss.fff}"));
            text.AppendLine(CultureInfo.InvariantCulture, $"  {client}: {line}");
        }

        return text.ToString();
    }
}
