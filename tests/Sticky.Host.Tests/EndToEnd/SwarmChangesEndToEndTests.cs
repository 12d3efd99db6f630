// Licensed under the MIT License. See LICENSE in the repository root.

using System.Diagnostics;

namespace Sticky.Host.EndToEnd.Tests;

/// <summary>
/// The tutorial's stack while Swarm changes it: scaling up and a pinned task dying. Each test gets a
/// fresh stack, removed in TearDown whatever happened.
/// </summary>
[TestFixture]
[Category("Docker")]
[NonParallelizable]
public sealed class SwarmChangesEndToEndTests
{
    /// <summary>The Docker provider's promise: a change is in the routing table within 2 s.</summary>
    private static readonly TimeSpan s_promise = TimeSpan.FromSeconds(2);

    private SwarmTutorialStack? _stack;

    [OneTimeSetUp]
    public Task OneTimeSetUp() => Engine.EnsureReadyAsync();

    [SetUp]
    public async Task SetUp() => _stack = await SwarmTutorialStack.StartAsync(replicas: 3);

    [TearDown]
    public async Task TearDown()
    {
        if (_stack is null)
        {
            return;
        }

        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            await TestContext.Out.WriteLineAsync(await _stack.DiagnosticsAsync());
        }

        await _stack.DisposeAsync();
        _stack = null;
    }

    [Test]
    public async Task ScaleUp_ThreeToFive_NewTasksGetTrafficWithinTwoSecondsOfRunning()
    {
        var stack = _stack!;
        var before = await stack.RunningWhoamiAsync();

        await Cli.DockerAsync("service", "scale", "--detach", $"{SwarmTutorialStack.WhoamiService}=5");

        // Requests without a cookie go round-robin, so a new backend answers within a handful of requests of
        // joining the table. Docker's "running" timestamps (this machine's clock) say when each task started.
        var firstSeen = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var running = before;
        var clock = Stopwatch.StartNew();
        var lastPoll = TimeSpan.Zero;
        for (var i = 0; i < 20_000 && clock.Elapsed < TimeSpan.FromSeconds(60); i++)
        {
            var response = await stack.Client.GetAsync();
            if (response.Hostname is { } host)
            {
                firstSeen.TryAdd(host, response.At);
            }

            if (clock.Elapsed - lastPoll > TimeSpan.FromMilliseconds(300))
            {
                lastPoll = clock.Elapsed;
                running = await stack.RunningWhoamiAsync();
                if (running.Count == 5 && running.Keys.All(firstSeen.ContainsKey))
                {
                    break;
                }
            }
        }

        var added = running.Values.Where(t => !before.ContainsKey(t.Hostname)).ToList();
        var report = string.Join("; ", added.Select(t => firstSeen.TryGetValue(t.Hostname, out var seen)
            ? $"{t.Hostname} running {t.Since:HH:mm:ss.fff}, first answer {seen:HH:mm:ss.fff} (+{(seen - t.Since).TotalMilliseconds:F0} ms)"
            : $"{t.Hostname} running {t.Since:HH:mm:ss.fff}, no answer"));
        await TestContext.Out.WriteLineAsync($"scale 3->5: {report}");

        await stack.ExpectAsync(added, Has.Count.EqualTo(2), $"Docker runs {running.Count} tasks");
        await stack.ExpectAsync(running.Keys, Is.SubsetOf(firstSeen.Keys), $"every running task answers: {report}");
        foreach (var task in added)
        {
            await stack.ExpectAsync(firstSeen[task.Hostname] - task.Since, Is.LessThan(s_promise), report);
        }
    }

    [Test]
    public async Task PinnedTaskKilled_ClientWithCookie_IsRepinnedWithANewCookieAndNoErrorsAfterTheUpdate()
    {
        var stack = _stack!;
        var first = await stack.Client.GetAsync();
        Assert.That(first.CookieName, Is.EqualTo(SwarmTutorialStack.CookieName), stack.Client.LastResponses());
        var running = await stack.RunningWhoamiAsync();
        var pinned = running[first.Hostname!];
        Assert.That((await stack.Client.GetAsync(first.CookiePair)).Hostname, Is.EqualTo(pinned.Hostname));

        // Docker's view of the task is polled on the side: a request to the dead task can take Sticky's whole
        // connect timeout, and must not delay noticing that Docker has reported the task's end.
        using var stopPolling = new CancellationTokenSource();
        var ended = PollUntilNotRunningAsync(pinned.Id, stopPolling.Token);
        await Cli.DockerAsync("kill", pinned.ContainerId);
        var killedAt = DateTimeOffset.UtcNow;

        // The update window: until Sticky has re-pinned the client and Docker has reported the task's end
        // plus the 2 s promise. Errors may happen inside it; none after it.
        var cookie = first.CookiePair!;
        ProxyResponse? repinned = null;
        var window = new List<ProxyResponse>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30) && window.Count < 2_000
               && (repinned is null || !ended.IsCompletedSuccessfully || DateTimeOffset.UtcNow < ended.Result + s_promise))
        {
            var response = await stack.Client.GetAsync(cookie);
            window.Add(response);
            if (repinned is null && response.Hostname is { } host && host != pinned.Hostname && response.SetCookie is not null)
            {
                repinned = response;
                cookie = response.CookiePair!;
            }

            await Task.Delay(20);
        }

        await stopPolling.CancelAsync();
        DateTimeOffset? taskEnded = ended.IsCompletedSuccessfully ? ended.Result : null;
        var statuses = string.Join(", ", window.GroupBy(static r => r.Hostname ?? $"status {r.Status}").Select(static g => $"{g.Key} x{g.Count()}"));
        var summary = $"killed {pinned} at {killedAt:HH:mm:ss.fff}; Docker reported it gone by {taskEnded:HH:mm:ss.fff}; "
            + $"{window.Count} requests in the window ({statuses}); re-pinned: {repinned}";
        await TestContext.Out.WriteLineAsync(summary);
        await stack.ExpectAsync(taskEnded, Is.Not.Null, $"Docker still reports the killed task running; {summary}");
        await stack.ExpectAsync(repinned, Is.Not.Null, summary);
        Assert.That(repinned!.CookieName, Is.EqualTo(SwarmTutorialStack.CookieName));
        Assert.That(repinned.CookiePair, Is.Not.EqualTo(first.CookiePair), "a new cookie value for the new pin");
        Assert.That(window.Where(r => r.At > repinned.At).Select(static r => r.Hostname), Is.All.EqualTo(repinned.Hostname), "after the re-pin the client stays on its new task");

        // After the window: no 5xx (nor anything but 200), every answer from the new task, no further re-pin.
        var after = new List<ProxyResponse>();
        var settle = Stopwatch.StartNew();
        while (settle.Elapsed < TimeSpan.FromSeconds(3) && after.Count < 300)
        {
            after.Add(await stack.Client.GetAsync(cookie));
            await Task.Delay(20);
        }

        await stack.ExpectAsync(after.Select(static r => r.Status), Is.All.EqualTo(200), $"after the window; {summary}");
        await stack.ExpectAsync(after.Select(static r => r.Hostname), Is.All.EqualTo(repinned.Hostname), $"after the window; {summary}");
        await stack.ExpectAsync(after.Select(static r => r.SetCookie), Is.All.Null, $"after the window; {summary}");
    }

    /// <summary>Completes with the time Docker no longer reports the task as running (polled every 100 ms).</summary>
    private static async Task<DateTimeOffset> PollUntilNotRunningAsync(string taskId, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var tasks = await Engine.TasksAsync(SwarmTutorialStack.WhoamiService);
                if (!tasks.Any(t => t.Id == taskId && t.Running))
                {
                    return DateTimeOffset.UtcNow;
                }
            }
            catch (InvalidOperationException)
            {
                // A task can vanish between listing and inspecting it; look again.
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
