// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Sticky.Host.TestInfrastructure.Tests;
using Sticky.Backends;
using Sticky.Providers;

namespace Sticky.Host.Hosting.Tests;

[TestFixture]
public sealed class StickyHostProxyTests
{
    private TestBackend _a = null!;
    private TestBackend _b = null!;

    [SetUp]
    public async Task SetUp()
    {
        _a = await TestBackend.StartAsync("backend-a");
        _b = await TestBackend.StartAsync("backend-b");
    }

    [TearDown]
    public async Task TearDown()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Test]
    public async Task Proxy_FirstRequest_SetsStickyCookie()
    {
        await using var host = await StartAsync(TestServices.Sticky("web", "PathPrefix:/", [_a, _b]));
        using var client = TestHttp.CreateClient();

        var first = await TestHttp.GetAsync(client, new Uri(host.ProxyAddress, "/"));

        Assert.Multiple(() =>
        {
            Assert.That(first.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(first.Body, Is.AnyOf("backend-a", "backend-b"));
            Assert.That(first.SetCookies, Has.Count.EqualTo(1));
            Assert.That(first.CookiePair, Does.StartWith("_").And.Contain("="));
        });
    }

    [Test]
    public async Task Proxy_WithTheReturnedCookie_StaysOnTheFirstBackend()
    {
        await using var host = await StartAsync(TestServices.Sticky("web", "PathPrefix:/", [_a, _b]));
        using var client = TestHttp.CreateClient();
        var first = await TestHttp.GetAsync(client, new Uri(host.ProxyAddress, "/"));
        Assert.That(first.CookiePair, Is.Not.Null);

        var bodies = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var next = await TestHttp.GetAsync(client, new Uri(host.ProxyAddress, $"/page/{i}"), first.CookiePair);
            Assert.That(next.SetCookies, Is.Empty, "a valid cookie is honoured, not re-issued");
            bodies.Add(next.Body);
        }

        Assert.That(bodies, Is.All.EqualTo(first.Body));
    }

    [Test]
    public async Task Proxy_WithoutCookie_BalancesAcrossBackendsAndEachCookiePinsItsBackend()
    {
        await using var host = await StartAsync(TestServices.Sticky("web", "PathPrefix:/", [_a, _b]));
        using var client = TestHttp.CreateClient();

        var cookies = new Dictionary<string, string>();
        for (var i = 0; i < 4; i++)
        {
            var response = await TestHttp.GetAsync(client, new Uri(host.ProxyAddress, "/"));
            cookies[response.Body] = response.CookiePair!;
        }

        Assert.That(cookies.Keys, Is.EquivalentTo(new[] { "backend-a", "backend-b" }));
        foreach (var (backend, cookie) in cookies)
        {
            for (var i = 0; i < 5; i++)
            {
                var pinned = await TestHttp.GetAsync(client, new Uri(host.ProxyAddress, "/"), cookie);
                Assert.That(pinned.Body, Is.EqualTo(backend));
            }
        }
    }

    [Test]
    public async Task Proxy_NoServiceMatches_Returns404WithAShortBody()
    {
        await using var host = await StartAsync(TestServices.Sticky("web", "PathPrefix:/app", [_a, _b]));
        using var client = TestHttp.CreateClient();

        var response = await TestHttp.GetAsync(client, new Uri(host.ProxyAddress, "/elsewhere"));

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(response.Body, Is.Not.Empty.And.Length.LessThan(200));
            Assert.That(response.Body, Does.Contain("404"));
            Assert.That(response.SetCookies, Is.Empty);
            Assert.That(_a.RequestCount + _b.RequestCount, Is.Zero);
        });
    }

    [Test]
    public async Task Proxy_NoServicesAtAll_Returns404()
    {
        await using var host = await StartAsync();
        using var client = TestHttp.CreateClient();

        var response = await TestHttp.GetAsync(client, new Uri(host.ProxyAddress, "/"));

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Proxy_AllBackendsWeightZeroAndNoCookie_Returns503()
    {
        await using var host = await StartAsync(TestServices.Sticky("web", "PathPrefix:/", [_a, _b], weight: 0));
        using var client = TestHttp.CreateClient();

        var response = await TestHttp.GetAsync(client, new Uri(host.ProxyAddress, "/"));

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(response.Body, Is.Not.Empty.And.Length.LessThan(200));
            Assert.That(response.SetCookies, Is.Empty);
            Assert.That(_a.RequestCount + _b.RequestCount, Is.Zero);
        });
    }

    [Test]
    public async Task Proxy_ProviderUpdatedWhileRunning_ServesTheNewService()
    {
        var provider = new InMemoryBackendProvider([TestServices.Sticky("web", "PathPrefix:/", [_a])]);
        await using var host = await RunningHost.StartAsync(RunningHost.LoopbackArgs(), builder => builder.Services.AddStickyProvider(provider));
        using var client = TestHttp.CreateClient();
        Assert.That((await TestHttp.GetAsync(client, new Uri(host.ProxyAddress, "/"))).Body, Is.EqualTo("backend-a"));

        provider.Update([TestServices.Sticky("web", "PathPrefix:/", [_b])]);

        var body = await BodyOnceSwappedAsync(client, host, "backend-b");

        Assert.That(body, Is.EqualTo("backend-b"));
    }

    [Test]
    public async Task Proxy_ServicesFileFlag_ServesItsServicesAndFollowsRewrites()
    {
        var directory = Directory.CreateTempSubdirectory("sticky-host-services-").FullName;
        try
        {
            var file = Path.Combine(directory, "services.json");
            WriteServices(file, _a);
            await using var host = await RunningHost.StartAsync(RunningHost.LoopbackArgs($"--providers.file.filename={file}"));
            using var client = TestHttp.CreateClient();
            var first = await TestHttp.GetAsync(client, new Uri(host.ProxyAddress, "/"));

            WriteServices(file, _b);
            var body = await BodyOnceSwappedAsync(client, host, "backend-b");

            Assert.Multiple(() =>
            {
                Assert.That(first.Body, Is.EqualTo("backend-a"));
                Assert.That(first.SetCookies, Has.Count.EqualTo(1), "the file's Sticky: true is honoured");
                Assert.That(body, Is.EqualTo("backend-b"));
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        static void WriteServices(string file, TestBackend backend)
        {
            File.WriteAllText(file + ".tmp", $$"""{ "Services": { "web": { "Rule": "PathPrefix:/", "Sticky": true, "Backends": [ "{{backend.UrlText}}" ] } } }""");
            File.Move(file + ".tmp", file, overwrite: true);
        }
    }

    // The routing table is swapped on its own thread: ask until the expected backend answers, or 10 s have passed,
    // and return the last body for the assertion.
    private static async Task<string> BodyOnceSwappedAsync(HttpClient client, RunningHost host, string expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        string body;
        do
        {
            body = (await TestHttp.GetAsync(client, new Uri(host.ProxyAddress, "/"))).Body;
            if (body == expected)
            {
                break;
            }

            await Task.Delay(20);
        }
        while (DateTime.UtcNow < deadline);

        return body;
    }

    private static Task<RunningHost> StartAsync(params ServiceConfig[] services)
    {
        var provider = new InMemoryBackendProvider(services);
        return RunningHost.StartAsync(RunningHost.LoopbackArgs(), builder => builder.Services.AddStickyProvider(provider));
    }
}
