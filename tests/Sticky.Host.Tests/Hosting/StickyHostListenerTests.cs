// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Sticky.Host.TestInfrastructure.Tests;
using Sticky.Providers;

namespace Sticky.Host.Hosting.Tests;

[TestFixture]
public sealed class StickyHostListenerTests
{
    private TestBackend _backend = null!;
    private InMemoryBackendProvider _provider = null!;

    [SetUp]
    public async Task SetUp()
    {
        _backend = await TestBackend.StartAsync("backend-a");
        _provider = new InMemoryBackendProvider([TestServices.Sticky("web", "PathPrefix:/", [_backend])]);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _backend.DisposeAsync();
    }

    [Test]
    public async Task Start_LoopbackEphemeralPorts_BindsTwoDistinctLoopbackListeners()
    {
        await using var host = await StartAsync();

        Assert.Multiple(() =>
        {
            Assert.That(host.Addresses, Has.Count.EqualTo(2));
            Assert.That(host.Addresses.Select(static a => a.Host), Is.All.EqualTo("127.0.0.1"));
            Assert.That(host.Addresses.Select(static a => a.Port), Is.Unique.And.All.GreaterThan(0));
        });
    }

    [Test]
    public async Task Start_TwoListeners_ExactlyOneAnswersPingItselfAndTheOtherForwardsIt()
    {
        // Tell the listeners apart by behaviour only: the admin one answers /ping, the proxy one proxies it.
        await using var host = await StartAsync();
        using var client = TestHttp.CreateClient();

        var answers = new List<TestResponse>();
        foreach (var address in host.Addresses)
        {
            answers.Add(await TestHttp.GetAsync(client, new Uri(address, "/ping")));
        }

        Assert.Multiple(() =>
        {
            Assert.That(answers.Select(static a => a.Status), Is.All.EqualTo(HttpStatusCode.OK));
            Assert.That(answers.Select(static a => a.Body), Is.EquivalentTo(new[] { "OK", "backend-a" }));
            Assert.That(_backend.RequestCount, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ProxyPort_Ping_ReachesTheBackendNotTheAdminEndpoint()
    {
        await using var host = await StartAsync();
        using var client = TestHttp.CreateClient();

        using var response = await client.GetAsync(new Uri(host.ProxyAddress, "/ping"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(body, Is.EqualTo("backend-a"));
            Assert.That(response.Headers.TryGetValues(TestBackend.PathHeader, out var paths) ? paths.Single() : null, Is.EqualTo("/ping"));
            Assert.That(_backend.RequestCount, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task AdminPort_Ping_AnswersExactlyOk()
    {
        await using var host = await StartAsync();
        using var client = TestHttp.CreateClient();

        using var response = await client.GetAsync(new Uri(host.AdminAddress, "/ping"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body, Is.EqualTo("OK"));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
            Assert.That(_backend.RequestCount, Is.Zero);
        });
    }

    [Test]
    public async Task AdminPort_HeadPing_Answers200()
    {
        await using var host = await StartAsync();
        using var client = TestHttp.CreateClient();

        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri(host.AdminAddress, "/ping"));
        using var response = await client.SendAsync(request);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(_backend.RequestCount, Is.Zero);
        });
    }

    [Test]
    public async Task AdminPort_OtherPath_IsNotProxied()
    {
        // The admin port serves the admin endpoints only; the proxy's catch-all must not answer there.
        await using var host = await StartAsync();
        using var client = TestHttp.CreateClient();

        var response = await TestHttp.GetAsync(client, new Uri(host.AdminAddress, "/some/app/page"));

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(response.Body, Is.Not.EqualTo("backend-a"));
            Assert.That(_backend.RequestCount, Is.Zero);
        });
    }

    [TestCase("--web=false")]
    [TestCase("--Sticky:Host:Admin=false")]
    public async Task Start_AdminOff_HasNoAdminListener(string flag)
    {
        await using var host = await StartAsync(flag);
        using var client = TestHttp.CreateClient();

        var ping = await TestHttp.GetAsync(client, new Uri(host.ProxyAddress, "/ping"));

        Assert.Multiple(() =>
        {
            Assert.That(host.Addresses, Has.Count.EqualTo(1));
            Assert.That(ping.Body, Is.EqualTo("backend-a"));
        });
    }

    [Test]
    public async Task Start_WebFlagGiven_HasAdminListener()
    {
        await using var host = await StartAsync("--web");
        using var client = TestHttp.CreateClient();

        var ping = await TestHttp.GetAsync(client, new Uri(host.AdminAddress, "/ping"));

        Assert.Multiple(() =>
        {
            Assert.That(host.Addresses, Has.Count.EqualTo(2));
            Assert.That(ping.Body, Is.EqualTo("OK"));
        });
    }

    private Task<RunningHost> StartAsync(params string[] extra) =>
        RunningHost.StartAsync(RunningHost.LoopbackArgs(extra), builder => builder.Services.AddStickyProvider(_provider));
}
