// Licensed under the MIT License. See LICENSE in the repository root.

using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Sticky.Backends;
using Sticky.Forwarding;
using Sticky.Health;
using Sticky.TestInfrastructure;

namespace Sticky.Proxy.Tests;

/// <summary>
/// Failure handling end to end: real backends die, fail or hang under a bounded load, and clients must not
/// notice (issue "Health, retries and graceful draining").
/// </summary>
[TestFixture(ForwarderTransport.Http11)]
[TestFixture(ForwarderTransport.HttpClient)]
[NonParallelizable]
public sealed class StickyProxyResilienceTests
{
    private readonly ForwarderTransport _transport;

    public StickyProxyResilienceTests(ForwarderTransport transport) => _transport = transport;

    [Test]
    public async Task BackendKilledUnderLoad_NoGetFails_AndItsPinnedClientsAreRepinnedAtOnce()
    {
        await using var cluster = await StickyTestCluster.StartAsync(3, _transport);
        cluster.Provider.Update([Service(cluster.Backends, new HealthCheckConfig { Path = "/", Interval = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromMilliseconds(500) })]);
        var sticky = await cluster.StartStickyAsync();
        using var client = TestKestrelServer.CreateClient(sticky.BaseAddress);
        var cookies = await StickyProxyTests.GetOneCookiePerBackendAsync(client, 3);
        var victim = "I'm backend-0";

        // 50 clients, half of them pinned to the victim, each following Set-Cookie like a browser.
        var clientCookies = Enumerable.Range(0, 50).Select(i => i % 2 == 0 ? cookies[victim] : cookies[$"I'm backend-{1 + (i % 4 / 2)}"]).ToArray();
        var failures = new ConcurrentQueue<string>();
        var repinnedAfterKill = new ConcurrentDictionary<int, TimeSpan>();
        var killedAt = TimeSpan.MaxValue;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(8));
        var requests = 0;
        var load = Enumerable.Range(0, clientCookies.Length).Select(c => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && Interlocked.Increment(ref requests) < 200_000)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/");
                request.Headers.Add("Cookie", clientCookies[c]);
                try
                {
                    using var response = await client.SendAsync(request, CancellationToken.None);
                    var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        failures.Enqueue($"{(int)response.StatusCode} {body}");
                    }

                    if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
                    {
                        clientCookies[c] = setCookies.First().Split(';')[0];
                        if (clock.Elapsed > killedAt)
                        {
                            repinnedAfterKill.TryAdd(c, clock.Elapsed - killedAt);
                        }
                    }
                }
                catch (HttpRequestException ex)
                {
                    failures.Enqueue(ex.Message);
                }
            }
        })).ToArray();

        await Task.Delay(1500);
        killedAt = clock.Elapsed;
        var dying = cluster.Backends[0];
        cluster.Backends.RemoveAt(0);
        await dying.DisposeAsync();
        await Task.WhenAll(load);

        Assert.That(requests, Is.GreaterThan(500), "the load loop ran");
        Assert.That(failures, Is.Empty, "no GET failed while a backend died");
        var victimClients = Enumerable.Range(0, 50).Where(i => i % 2 == 0).ToArray();
        Assert.That(repinnedAfterKill.Keys, Is.SupersetOf(victimClients), "every client of the dead backend got a new cookie");
        Assert.That(repinnedAfterKill.Values.Max(), Is.LessThan(TimeSpan.FromSeconds(1)), "re-pinned within one health interval");
        Assert.That(clientCookies, Has.None.EqualTo(cookies[victim]));
    }

    [Test]
    public async Task BackendAnswering500_IsEjectedAfterThreshold_AndReturnsAfterRecovery()
    {
        var failing = 1;
        var hits = new int[2];
        await using var healthy = await TestKestrelServer.StartAsync(app => app.Run(context =>
        {
            Interlocked.Increment(ref hits[0]);
            return context.Response.WriteAsync("I'm healthy");
        }));
        await using var flaky = await TestKestrelServer.StartAsync(app => app.Run(context =>
        {
            Interlocked.Increment(ref hits[1]);
            context.Response.StatusCode = Volatile.Read(ref failing) == 1 ? 500 : 200;
            return context.Response.WriteAsync("I'm flaky");
        }));
        await using var cluster = await StickyTestCluster.StartAsync(0, _transport);
        cluster.Provider.Update([Service([healthy, flaky], healthCheck: null, sticky: false)]);
        var sticky = await cluster.StartStickyAsync(options =>
        {
            options.Health.PassiveFailureThreshold = 3;
            options.Health.EjectionPeriod = TimeSpan.FromSeconds(1);
            options.Health.MaxEjectionPeriod = TimeSpan.FromSeconds(1);
        });
        using var client = TestKestrelServer.CreateClient(sticky.BaseAddress);

        for (var i = 0; i < 40; i++)
        {
            using var _ = await client.GetAsync("/");
        }

        Assert.That(hits[1], Is.EqualTo(3), "the flaky backend got exactly the threshold of requests, then was ejected");
        var flakyBackend = StickyTestCluster.RoutingOf(sticky).Current.Services["svc"].Backends[1];
        Assert.That(flakyBackend.Health, Is.EqualTo(BackendHealth.Unhealthy));

        Volatile.Write(ref failing, 0);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var before = Volatile.Read(ref hits[1]);
        while (Volatile.Read(ref hits[1]) == before && DateTime.UtcNow < deadline)
        {
            using var _ = await client.GetAsync("/");
            await Task.Delay(50);
        }

        Assert.That(hits[1], Is.GreaterThan(before), "the recovered backend serves again after the ejection period");
        for (var i = 0; i < 20; i++)
        {
            using var response = await client.GetAsync("/");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.That(flakyBackend.Health, Is.Not.EqualTo(BackendHealth.Unhealthy));
    }

    [Test]
    public async Task PostWhoseBodyWasSent_IsNotRetried_AndTheClientGets502()
    {
        var received = new int[2];
        await using var breaking = await TestKestrelServer.StartAsync(app => app.Run(async context =>
        {
            Interlocked.Increment(ref received[0]);
            await context.Request.Body.CopyToAsync(Stream.Null);
            context.Abort();
        }));
        await using var other = await TestKestrelServer.StartAsync(app => app.Run(context =>
        {
            Interlocked.Increment(ref received[1]);
            return context.Response.WriteAsync("I'm other");
        }));
        await using var cluster = await StickyTestCluster.StartAsync(0, _transport);

        // Only the breaking backend takes new clients; the other is there to be (wrongly) retried on.
        cluster.Provider.Update([Service([breaking, other], healthCheck: null, sticky: false, weights: [1, 0])]);
        var sticky = await cluster.StartStickyAsync();
        using var client = TestKestrelServer.CreateClient(sticky.BaseAddress);

        using var response = await client.PostAsync("/orders", new StringContent(new string('x', 100_000)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That(received, Is.EqualTo(new[] { 1, 0 }), "the POST reached one backend once and was not replayed");
    }

    [Test]
    public async Task GetToRefusingBackend_IsRetriedOnAnother_WithTheCookieOfTheBackendThatAnswered()
    {
        await using var alive = await TestKestrelServer.StartAsync(app => app.Run(context => context.Response.WriteAsync("I'm alive")));
        await using var cluster = await StickyTestCluster.StartAsync(0, _transport);
        var deadUrl = $"http://127.0.0.1:{LoopbackPorts.GetClosedPort()}";
        cluster.Provider.Update([new ServiceConfig
        {
            Name = "svc",
            Backends = [new BackendConfig { Url = deadUrl }, new BackendConfig { Url = alive.BaseAddress.ToString() }],
            Affinity = new Affinity.AffinityCookieConfig(),
        }]);
        var sticky = await cluster.StartStickyAsync(options => options.Health.PassiveFailureThreshold = 0);
        using var client = TestKestrelServer.CreateClient(sticky.BaseAddress);
        var table = StickyTestCluster.RoutingOf(sticky).Current.Services["svc"].Affinity!;
        var dead = StickyTestCluster.RoutingOf(sticky).Current.Services["svc"].Backends[0];
        var aliveBackend = StickyTestCluster.RoutingOf(sticky).Current.Services["svc"].Backends[1];

        // A client pinned to the dead backend: its pin is still "valid" (nothing marked it down yet).
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", $"{table.CookieName}={table.GetCookieValue(dead)}");
        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("I'm alive"));
        Assert.That(response.Headers.GetValues("Set-Cookie").Single(), Does.StartWith($"{table.CookieName}={table.GetCookieValue(aliveBackend)};"));
    }

    [Test]
    public async Task AllBackendsUnhealthy_PanicModeServesFromThem_InsteadOf503()
    {
        await using var cluster = await StickyTestCluster.StartAsync(2, _transport);
        cluster.Configure([1, 1], sticky: false);
        var sticky = await cluster.StartStickyAsync();
        using var client = TestKestrelServer.CreateClient(sticky.BaseAddress);
        foreach (var backend in StickyTestCluster.RoutingOf(sticky).Current.Services[StickyTestCluster.ServiceName].Backends)
        {
            backend.State.SetHealth(BackendHealth.Unhealthy);
        }

        var bodies = new HashSet<string>();
        for (var i = 0; i < 10; i++)
        {
            using var response = await client.GetAsync("/");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.That(bodies, Has.Count.EqualTo(2), "panic spreads over every backend");
    }

    [Test]
    public async Task AllBackendsUnhealthy_PanicModeOff_Returns503()
    {
        await using var cluster = await StickyTestCluster.StartAsync(1, _transport);
        cluster.Configure([1], sticky: false);
        var sticky = await cluster.StartStickyAsync(options => options.Health.PanicMode = false);
        using var client = TestKestrelServer.CreateClient(sticky.BaseAddress);
        StickyTestCluster.RoutingOf(sticky).Current.Services[StickyTestCluster.ServiceName].Backends[0].State.SetHealth(BackendHealth.Unhealthy);

        using var response = await client.GetAsync("/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }

    private static ServiceConfig Service(IEnumerable<TestKestrelServer> backends, HealthCheckConfig? healthCheck, bool sticky = true, int[]? weights = null) => new()
    {
        Name = "svc",
        Rule = "PathPrefix:/",
        Backends = [.. backends.Select((b, i) => new BackendConfig { Url = b.BaseAddress.ToString(), Name = $"backend-{i}", Weight = weights?[i] ?? 1 })],
        Affinity = sticky ? new Affinity.AffinityCookieConfig() : null,
        HealthCheck = healthCheck,
    };
}
