// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;
using Sticky.Forwarding;
using Sticky.TestInfrastructure;

namespace Sticky.Proxy.Tests;

[TestFixture(ForwarderTransport.Http11)]
[TestFixture(ForwarderTransport.HttpClient)]
public sealed class StickyProxyTests
{
    private readonly ForwarderTransport _transport;

    public StickyProxyTests(ForwarderTransport transport) => _transport = transport;

    [Test]
    public async Task NoCookie_RequestsSpreadInWeightProportion_AndEachResponseSetsTheCookie()
    {
        await using var cluster = await StickyTestCluster.StartAsync(3, _transport);
        cluster.Configure(2, 1, 1);
        var sticky = await cluster.StartStickyAsync();
        using var client = TestKestrelServer.CreateClient(sticky.BaseAddress);
        var counts = new Dictionary<string, int>();

        // 400 requests are 100 full cycles of the 2:1:1 schedule, so the shares are exact.
        for (var i = 0; i < 400; i++)
        {
            using var response = await client.GetAsync("/");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Headers.GetValues("Set-Cookie").Single(), Does.StartWith("_a49bc=").And.Contain("Path=/"));
            var body = await response.Content.ReadAsStringAsync();
            counts[body] = counts.GetValueOrDefault(body) + 1;
        }

        Assert.That(counts, Is.EquivalentTo(new Dictionary<string, int>
        {
            ["I'm backend-0"] = 200,
            ["I'm backend-1"] = 100,
            ["I'm backend-2"] = 100,
        }));
    }

    [Test]
    public async Task WithCookie_TwoHundredRequests_AllReachThePinnedBackend_WithoutNewCookie()
    {
        await using var cluster = await StickyTestCluster.StartAsync(3, _transport);
        cluster.Configure(1, 1, 1);
        var sticky = await cluster.StartStickyAsync();
        using var client = TestKestrelServer.CreateClient(sticky.BaseAddress);
        var (cookie, pinned) = await GetCookieAsync(client);

        for (var i = 0; i < 200; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/");
            request.Headers.Add("Cookie", cookie);
            using var response = await client.SendAsync(request);
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(pinned));
            Assert.That(response.Headers.Contains("Set-Cookie"), Is.False, "a valid pin is not re-issued");
        }
    }

    [Test]
    public async Task TwoInstances_SameConfiguration_CookieFromOnePinsThroughTheOther()
    {
        await using var cluster = await StickyTestCluster.StartAsync(3, _transport);
        cluster.Configure(1, 1, 1);
        var first = await cluster.StartStickyAsync();

        // A second replica with its own provider instance and the same configuration: no shared state.
        var otherProvider = new Providers.InMemoryBackendProvider();
        otherProvider.Update(cluster.Provider.GetSnapshot().Services);
        var second = await cluster.StartStickyAsync(provider: otherProvider);
        using var firstClient = TestKestrelServer.CreateClient(first.BaseAddress);
        using var secondClient = TestKestrelServer.CreateClient(second.BaseAddress);

        for (var client = 0; client < 6; client++)
        {
            var (cookie, pinned) = await GetCookieAsync(firstClient);
            for (var i = 0; i < 10; i++)
            {
                Assert.That(await GetWithCookieAsync(secondClient, cookie), Is.EqualTo(pinned));
            }
        }
    }

    [Test]
    public async Task BackendRemoved_ItsClientsAreRepinnedWithNewCookie_OthersKeepTheirs_NoRequestFails()
    {
        await using var cluster = await StickyTestCluster.StartAsync(3, _transport);
        cluster.Configure(1, 1, 1);
        var sticky = await cluster.StartStickyAsync();
        using var client = TestKestrelServer.CreateClient(sticky.BaseAddress);
        var cookies = await GetOneCookiePerBackendAsync(client, 3);

        // Pinned clients of backend-1 and backend-2 keep hammering while backend-0 is removed.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var failures = 0;
        var requests = 0;
        var load = Enumerable.Range(1, 2).Select(b => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && Volatile.Read(ref requests) < 20_000)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/");
                request.Headers.Add("Cookie", cookies[$"I'm backend-{b}"]);
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                Interlocked.Increment(ref requests);
                if (response.StatusCode != HttpStatusCode.OK || body != $"I'm backend-{b}" || response.Headers.Contains("Set-Cookie"))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToArray();

        await Task.Delay(200);
        var generation = StickyTestCluster.RoutingOf(sticky).Current.Generation;
        cluster.Provider.Update([cluster.Provider.GetSnapshot().Services[0] with
        {
            Backends = [.. cluster.Provider.GetSnapshot().Services[0].Backends.Skip(1)],
        }]);
        await StickyTestCluster.WaitForGenerationAsync(sticky, generation);
        await Task.Delay(200);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.That(requests, Is.GreaterThan(20), "the load loop ran");
        Assert.That(failures, Is.Zero, "no pinned request failed or moved during the reload");

        // The removed backend's client lands on a live backend and gets a new cookie for it.
        using var repin = new HttpRequestMessage(HttpMethod.Get, "/");
        repin.Headers.Add("Cookie", cookies["I'm backend-0"]);
        using var repinned = await client.SendAsync(repin);
        var newBackend = await repinned.Content.ReadAsStringAsync();
        Assert.That(newBackend, Is.AnyOf("I'm backend-1", "I'm backend-2"));
        var newCookie = repinned.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        Assert.That(newCookie, Is.EqualTo(cookies[newBackend]), "the new cookie is the one for the new backend");
    }

    [Test]
    public async Task NoServiceMatches_Returns404()
    {
        await using var cluster = await StickyTestCluster.StartAsync(1, _transport);
        cluster.Provider.Update([new Backends.ServiceConfig
        {
            Name = "api",
            Rule = "PathPrefix:/api",
            Backends = [new Backends.BackendConfig { Url = cluster.Backends[0].BaseAddress.ToString() }],
        }]);
        var sticky = await cluster.StartStickyAsync();
        using var client = TestKestrelServer.CreateClient(sticky.BaseAddress);

        using var miss = await client.GetAsync("/other");
        using var hit = await client.GetAsync("/api/x");

        Assert.That(miss.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(hit.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task BackendDown_Returns502WithShortBody()
    {
        await using var cluster = await StickyTestCluster.StartAsync(0, _transport);
        cluster.Provider.Update([new Backends.ServiceConfig
        {
            Name = "down",
            Backends = [new Backends.BackendConfig { Url = $"http://127.0.0.1:{LoopbackPorts.GetClosedPort()}" }],
        }]);
        var sticky = await cluster.StartStickyAsync();
        using var client = TestKestrelServer.CreateClient(sticky.BaseAddress);

        using var response = await client.GetAsync("/");
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That(body.Length, Is.LessThan(200));
    }

    [Test]
    public async Task OnlyZeroWeightBackends_NoCookie_Returns503()
    {
        await using var cluster = await StickyTestCluster.StartAsync(1, _transport);
        cluster.Configure(0);
        var sticky = await cluster.StartStickyAsync();
        using var client = TestKestrelServer.CreateClient(sticky.BaseAddress);

        using var response = await client.GetAsync("/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }

    internal static async Task<(string Cookie, string Backend)> GetCookieAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/");
        var cookie = response.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        return (cookie, await response.Content.ReadAsStringAsync());
    }

    internal static async Task<string> GetWithCookieAsync(HttpClient client, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    internal static async Task<Dictionary<string, string>> GetOneCookiePerBackendAsync(HttpClient client, int backends)
    {
        var cookies = new Dictionary<string, string>();
        for (var i = 0; i < 50 && cookies.Count < backends; i++)
        {
            var (cookie, backend) = await GetCookieAsync(client);
            cookies.TryAdd(backend, cookie);
        }

        Assert.That(cookies, Has.Count.EqualTo(backends), "round-robin reached every backend");
        return cookies;
    }
}
