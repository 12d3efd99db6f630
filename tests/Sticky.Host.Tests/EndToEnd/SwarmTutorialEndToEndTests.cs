// Licensed under the MIT License. See LICENSE in the repository root.

using System.Text.RegularExpressions;

namespace Sticky.Host.EndToEnd.Tests;

/// <summary>
/// The seed tutorial's "How it works" section against the real swarm, with sticky:local in place of
/// Traefik: the cookie, stickiness with it, balancing without it, and the log lines. These tests only read,
/// so they share one stack; the ones that change it are in <see cref="SwarmChangesEndToEndTests"/>.
/// </summary>
[TestFixture]
[Category("Docker")]
[NonParallelizable]
public sealed class SwarmTutorialEndToEndTests
{
    private SwarmTutorialStack _stack = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        await Engine.EnsureReadyAsync();
        _stack = await SwarmTutorialStack.StartAsync(replicas: 3);
    }

    [OneTimeTearDown]
    public async Task OneTimeTearDown()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }
    }

    [TearDown]
    public async Task TearDown()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed && _stack is not null)
        {
            await TestContext.Out.WriteLineAsync(await _stack.DiagnosticsAsync());
        }
    }

    [Test]
    public async Task FirstRequest_NoCookie_SetsTheTutorialCookie()
    {
        var response = await _stack.Client.GetAsync();

        Assert.That(response.Status, Is.EqualTo(200), _stack.Client.LastResponses());
        Assert.That(response.Hostname, Is.AnyOf([.. (await _stack.RunningWhoamiAsync()).Keys]), "the page names one of the running tasks");
        Assert.That(response.CookieName, Is.EqualTo(SwarmTutorialStack.CookieName), $"Set-Cookie: {response.SetCookie}");
        Assert.That(response.SetCookie, Does.Contain("Path=/"));
    }

    [Test]
    public async Task FiftyRequests_WithTheCookie_AllReachOneTask()
    {
        var first = await _stack.Client.GetAsync();
        Assert.That(first.CookiePair, Is.Not.Null, _stack.Client.LastResponses());

        var hosts = new List<string?>();
        var reissued = 0;
        for (var i = 0; i < 50; i++)
        {
            var response = await _stack.Client.GetAsync(first.CookiePair);
            hosts.Add(response.Hostname);
            reissued += response.SetCookie is null ? 0 : 1;
        }

        Assert.That(hosts, Is.All.EqualTo(first.Hostname), $"pinned to {first.Hostname} by {first.CookiePair}{Environment.NewLine}{_stack.Client.LastResponses()}");
        Assert.That(reissued, Is.Zero, "an unchanged pin sets no cookie");
    }

    [Test]
    public async Task Requests_WithoutCookie_ReachAllThreeTasks()
    {
        var running = await _stack.RunningWhoamiAsync();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < 30; i++)
        {
            var response = await _stack.Client.GetAsync();
            Assert.That(response.Hostname, Is.Not.Null, _stack.Client.LastResponses());
            counts[response.Hostname!] = counts.GetValueOrDefault(response.Hostname!) + 1;
        }

        Assert.That(counts.Keys, Is.EquivalentTo(running.Keys), $"counts: {string.Join(", ", counts)}");

        // Weighted round-robin with equal weights: an even spread, not just "each seen once".
        Assert.That(counts.Values, Is.All.InRange(8, 12), $"counts: {string.Join(", ", counts)}");
    }

    [Test]
    public async Task TraefikV1Cookie_RawTaskUrl_ReachesThatTaskAndIsReissued()
    {
        // A client migrating from Traefik v1 holds "_a49bc=http://<task IP>:8000" (the tutorial's curl --cookie).
        var running = await _stack.RunningWhoamiAsync();
        var target = running.Values.OrderBy(static t => t.Slot, StringComparer.Ordinal).Last();
        var legacy = $"{SwarmTutorialStack.CookieName}=http://{target.Addresses[_stack.Network]}:8000";

        var responses = new List<ProxyResponse>();
        for (var i = 0; i < 5; i++)
        {
            responses.Add(await _stack.Client.GetAsync(legacy));
        }

        Assert.That(responses.Select(static r => r.Hostname), Is.All.EqualTo(target.Hostname), _stack.Client.LastResponses());
        Assert.That(responses[0].CookieName, Is.EqualTo(SwarmTutorialStack.CookieName), "re-issued in Sticky's format");
        var reissued = await _stack.Client.GetAsync(responses[0].CookiePair);
        Assert.That(reissued.Hostname, Is.EqualTo(target.Hostname), "the re-issued cookie keeps the pin");
    }

    [Test]
    public async Task Logs_AfterStart_ShowTheCookieNameAndEveryServerLikeTraefik()
    {
        var logs = await _stack.ServiceLogsAsync() ?? string.Empty;
        var running = await _stack.RunningWhoamiAsync();

        Assert.That(logs, Does.Contain($"Sticky session with cookie {SwarmTutorialStack.CookieName}"));
        foreach (var task in running.Values)
        {
            // "Creating server server-whoami-service-1-... at http://10.0.0.5:8000 with weight 1" in Traefik's words.
            var line = new Regex($@"Creating server \S*{Regex.Escape(task.Id)}\S* at http://{Regex.Escape(task.Addresses[_stack.Network])}:8000 with weight 1");
            Assert.That(line.IsMatch(logs), Is.True, $"no 'Creating server' line for task {task}");
        }
    }
}
