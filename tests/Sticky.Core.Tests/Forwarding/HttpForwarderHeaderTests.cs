// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Sticky.TestInfrastructure;

namespace Sticky.Forwarding.Tests;

[TestFixture(ForwarderTransport.Http11)]
[TestFixture(ForwarderTransport.HttpClient)]
public sealed class HttpForwarderHeaderTests : ForwarderTransportFixture
{
    public HttpForwarderHeaderTests(ForwarderTransport transport)
        : base(transport)
    {
    }

    [Test]
    public async Task SendAsync_HopByHopRequestHeaders_AreNotForwarded()
    {
        await using var backend = await TestKestrelServer.StartAsync(app => app.Run(EchoedRequest.EchoAsync));
        await using var proxy = await StartProxyAsync(backend.BaseAddress);
        using var client = proxy.CreateClient();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Connection.Add("X-Hop");
        request.Headers.TryAddWithoutValidation("X-Hop", "secret");
        request.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=5");
        request.Headers.TryAddWithoutValidation("Proxy-Connection", "keep-alive");
        request.Headers.TryAddWithoutValidation("Proxy-Authorization", "Basic Zm9vOmJhcg==");
        request.Headers.TryAddWithoutValidation("Upgrade", "foo/2");
        request.Headers.TryAddWithoutValidation("TE", "trailers, deflate");
        request.Headers.TryAddWithoutValidation("X-End-To-End", "kept");
        using var response = await client.SendAsync(request);
        var echoed = await EchoedRequest.ReadAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That(echoed.Headers.Keys, Has.None.EqualTo("X-Hop").IgnoreCase);
            Assert.That(echoed.Headers.Keys, Has.None.EqualTo("Keep-Alive").IgnoreCase);
            Assert.That(echoed.Headers.Keys, Has.None.EqualTo("Proxy-Connection").IgnoreCase);
            Assert.That(echoed.Headers.Keys, Has.None.EqualTo("Proxy-Authorization").IgnoreCase);
            Assert.That(echoed.Headers.Keys, Has.None.EqualTo("Upgrade").IgnoreCase);
            Assert.That(echoed.Headers.GetValueOrDefault("Connection"), Is.Null.Or.EqualTo("keep-alive"));
            Assert.That(echoed.Headers["TE"], Is.EqualTo("trailers"));
            Assert.That(echoed.Headers["X-End-To-End"], Is.EqualTo("kept"));
        });
    }

    [Test]
    public async Task SendAsync_HopByHopResponseHeaders_AreNotReturned()
    {
        await using var backend = await TestKestrelServer.StartAsync(app => app.Run(context =>
        {
            var headers = context.Response.Headers;
            headers.Connection = "X-Resp-Hop";
            headers["X-Resp-Hop"] = "secret";
            headers["Keep-Alive"] = "timeout=5";
            headers["Proxy-Authenticate"] = "Basic realm=\"x\"";
            headers["Proxy-Connection"] = "keep-alive";
            headers["X-End-To-End"] = "kept";
            return context.Response.WriteAsync("ok");
        }));
        await using var proxy = await StartProxyAsync(backend.BaseAddress);
        using var client = proxy.CreateClient();

        using var response = await client.GetAsync("/");
        var names = response.Headers.NonValidated.Select(static h => h.Key).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(names, Has.None.EqualTo("X-Resp-Hop").IgnoreCase);
            Assert.That(names, Has.None.EqualTo("Keep-Alive").IgnoreCase);
            Assert.That(names, Has.None.EqualTo("Proxy-Authenticate").IgnoreCase);
            Assert.That(names, Has.None.EqualTo("Proxy-Connection").IgnoreCase);
            Assert.That(response.Headers.Connection, Has.None.EqualTo("X-Resp-Hop").IgnoreCase);
            Assert.That(response.Headers.GetValues("X-End-To-End"), Is.EqualTo(new[] { "kept" }));
        });
    }

    [Test]
    public async Task SendAsync_UntrustedClient_ReplacesForwardedHeadersFromConnection()
    {
        await using var backend = await TestKestrelServer.StartAsync(app => app.Run(EchoedRequest.EchoAsync));
        await using var proxy = await StartProxyAsync(backend.BaseAddress, new ForwarderOptions { TrustedProxies = [] });

        var echoed = await SendWithSpoofedForwardedHeadersAsync(proxy);

        Assert.Multiple(() =>
        {
            Assert.That(echoed.Headers["X-Forwarded-For"], Is.EqualTo("127.0.0.1"));
            Assert.That(echoed.Headers["X-Forwarded-Proto"], Is.EqualTo("http"));
            Assert.That(echoed.Headers["X-Forwarded-Host"], Is.EqualTo("shop.example.test"));
            Assert.That(echoed.Headers["X-Forwarded-Port"], Is.EqualTo(proxy.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(echoed.Headers["X-Real-Ip"], Is.EqualTo("127.0.0.1"));
        });
    }

    [TestCase("127.0.0.1")]
    [TestCase("127.0.0.0/8")]
    public async Task SendAsync_TrustedProxy_KeepsIncomingAndAppendsRemoteAddress(string trusted)
    {
        await using var backend = await TestKestrelServer.StartAsync(app => app.Run(EchoedRequest.EchoAsync));
        await using var proxy = await StartProxyAsync(backend.BaseAddress, new ForwarderOptions { TrustedProxies = ["10.9.9.9", trusted] });

        var echoed = await SendWithSpoofedForwardedHeadersAsync(proxy);

        Assert.Multiple(() =>
        {
            Assert.That(echoed.Headers["X-Forwarded-For"], Is.EqualTo("203.0.113.7, 127.0.0.1"));
            Assert.That(echoed.Headers["X-Forwarded-Proto"], Is.EqualTo("https"));
            Assert.That(echoed.Headers["X-Forwarded-Host"], Is.EqualTo("public.example"));
            Assert.That(echoed.Headers["X-Forwarded-Port"], Is.EqualTo("443"));
            Assert.That(echoed.Headers["X-Real-Ip"], Is.EqualTo("203.0.113.7"));
        });
    }

    [Test]
    public void Constructor_InvalidTrustedProxy_ThrowsNamingTheEntry()
    {
        var options = new ForwarderOptions { TrustedProxies = ["10.0.0.0/8", "not-an-ip"] };

        Assert.That(
            () => new HttpForwarder(options, Microsoft.Extensions.Logging.Abstractions.NullLogger<HttpForwarder>.Instance),
            Throws.ArgumentException.With.Message.Contains("'not-an-ip'"));
    }

    private static async Task<EchoedRequest> SendWithSpoofedForwardedHeadersAsync(TestProxy proxy)
    {
        using var client = proxy.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "shop.example.test";
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.7");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", "public.example");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Port", "443");
        request.Headers.TryAddWithoutValidation("X-Real-Ip", "203.0.113.7");
        using var response = await client.SendAsync(request);
        return await EchoedRequest.ReadAsync(response);
    }
}
