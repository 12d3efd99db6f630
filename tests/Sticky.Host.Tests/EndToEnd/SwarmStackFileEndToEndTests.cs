// Licensed under the MIT License. See LICENSE in the repository root.

using System.Diagnostics;
using System.Globalization;

namespace Sticky.Host.EndToEnd.Tests;

/// <summary>
/// samples/swarm/stack.yml deployed with <c>docker stack deploy</c>: the sample keeps working. In a stack the
/// service is <c>&lt;stack&gt;_whoami-service</c> and its network <c>&lt;stack&gt;_whoaminet</c>, which Sticky
/// resolves from the label's <c>whoaminet</c> through the stack's namespace.
/// </summary>
[TestFixture]
[Category("Docker")]
[NonParallelizable]
public sealed class SwarmStackFileEndToEndTests
{
    private string? _stack;
    private ProxyClient? _client;

    [OneTimeSetUp]
    public Task OneTimeSetUp() => Engine.EnsureReadyAsync();

    [TearDown]
    public async Task TearDown()
    {
        _client?.Dispose();
        _client = null;
        if (_stack is null)
        {
            return;
        }

        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            await TestContext.Out.WriteLineAsync(await Cli.TryDockerAsync("stack", "ps", "--no-trunc", _stack) ?? "(docker stack ps failed)");
            await TestContext.Out.WriteLineAsync(await Cli.TryDockerAsync("service", "logs", "--raw", "--tail", "60", _stack + "_sticky") ?? "(docker service logs failed)");
        }

        await Cli.TryDockerAsync("stack", "rm", _stack);
        await Engine.RemoveAsync([_stack + "_sticky", _stack + "_whoami-service"], [_stack + "_whoaminet"]);
        _stack = null;
    }

    [Test]
    public async Task StackDeploy_SampleStackFile_ServesStickySessionsOverItsReplicas()
    {
        _stack = "sticky-e2e-stack-" + Guid.NewGuid().ToString("N")[..6];
        var proxyPort = Engine.FreePort();
        var adminPort = Engine.FreePort();
        var file = Path.Combine(Cli.RepositoryRoot(), "samples", "swarm", "stack.yml");

        // The documented command, with image IDs (never pulled) and free ports through the file's variables.
        await Cli.RunAsync("env",
        [
            $"STICKY_IMAGE={Engine.StickyImageId}",
            $"WHOAMI_IMAGE={Engine.WhoamiImageId}",
            $"PROXY_PORT={proxyPort.ToString(CultureInfo.InvariantCulture)}",
            $"ADMIN_PORT={adminPort.ToString(CultureInfo.InvariantCulture)}",
            "docker", "stack", "deploy", "--resolve-image", "never", "-c", file, _stack,
        ]);

        _client = new ProxyClient(new Uri($"http://127.0.0.1:{proxyPort}/"));
        var ping = new Uri($"http://127.0.0.1:{adminPort}/ping");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        while (seen.Count < 3 && clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (await _client.GetTextAsync(ping) == "OK" && (await _client.GetAsync()).Hostname is { } host)
            {
                seen.Add(host);
                continue;
            }

            await Task.Delay(250);
        }

        var running = (await Engine.TasksAsync(_stack + "_whoami-service")).Where(static t => t.Running).Select(static t => t.Hostname);
        Assert.That(seen, Is.EquivalentTo(running), $"the stack's 3 replicas answer through Sticky{Environment.NewLine}{_client.LastResponses()}");

        // Traefik v1's cookie name for backend "<stack>_whoami-service", and stickiness with it.
        var first = await _client.GetAsync();
        Assert.That(first.CookieName, Does.Match("^_[0-9a-f]{5}$"), _client.LastResponses());
        var pinned = new List<string?>();
        for (var i = 0; i < 10; i++)
        {
            pinned.Add((await _client.GetAsync(first.CookiePair)).Hostname);
        }

        Assert.That(pinned, Is.All.EqualTo(first.Hostname), _client.LastResponses());
    }
}
