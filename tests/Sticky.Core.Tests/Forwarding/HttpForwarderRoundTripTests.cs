// Licensed under the MIT License. See LICENSE in the repository root.

using System.IO.Pipelines;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Sticky.TestInfrastructure;

namespace Sticky.Forwarding.Tests;

[TestFixture(ForwarderTransport.Http11)]
[TestFixture(ForwarderTransport.HttpClient)]
public sealed class HttpForwarderRoundTripTests : ForwarderTransportFixture
{
    public HttpForwarderRoundTripTests(ForwarderTransport transport)
        : base(transport)
    {
    }

    [Test]
    public async Task SendAsync_Get_RelaysTargetHeadersStatusAndBody()
    {
        await using var backend = await TestKestrelServer.StartAsync(app => app.Run(async context =>
        {
            context.Response.StatusCode = StatusCodes.Status203NonAuthoritative;
            context.Response.Headers["X-Backend"] = "b1";
            await EchoedRequest.EchoAsync(context);
        }));
        await using var proxy = await StartProxyAsync(backend.BaseAddress);
        using var client = proxy.CreateClient();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/items/%2Fx?q=1&r=a%20b");
        request.Headers.Add("X-Custom", "v1");
        using var response = await client.SendAsync(request);
        var echoed = await EchoedRequest.ReadAsync(response);
        var result = await proxy.NextResultAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NonAuthoritativeInformation));
            Assert.That(response.Headers.GetValues("X-Backend"), Is.EqualTo(new[] { "b1" }));
            Assert.That(echoed.Method, Is.EqualTo("GET"));
            Assert.That(echoed.Target, Is.EqualTo("/api/items/%2Fx?q=1&r=a%20b"));
            Assert.That(echoed.Protocol, Is.EqualTo("HTTP/1.1"));
            Assert.That(echoed.Headers["X-Custom"], Is.EqualTo("v1"));
            Assert.That(echoed.Headers.ContainsKey("Content-Length"), Is.False);
            Assert.That(echoed.Headers.ContainsKey("Transfer-Encoding"), Is.False);
            Assert.That(result.Outcome, Is.EqualTo(ForwardOutcome.Success));
            Assert.That(result.StatusCode, Is.EqualTo(203));
            Assert.That(result.RequestBodyStarted, Is.False);
        });
    }

    [Test]
    public async Task SendAsync_PostWithBody_StreamsBodyAndReportsBodyStarted()
    {
        await using var backend = await TestKestrelServer.StartAsync(app => app.Run(EchoedRequest.EchoAsync));
        await using var proxy = await StartProxyAsync(backend.BaseAddress);
        using var client = proxy.CreateClient();

        using var response = await client.PostAsync("/orders", new StringContent("{\"id\":42}", Encoding.UTF8, "application/json"));
        var echoed = await EchoedRequest.ReadAsync(response);
        var result = await proxy.NextResultAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(echoed.Method, Is.EqualTo("POST"));
            Assert.That(echoed.Body, Is.EqualTo("{\"id\":42}"));
            Assert.That(echoed.Headers["Content-Type"], Is.EqualTo("application/json; charset=utf-8"));
            Assert.That(echoed.Headers["Content-Length"], Is.EqualTo("9"));
            Assert.That(result.Outcome, Is.EqualTo(ForwardOutcome.Success));
            Assert.That(result.RequestBodyStarted, Is.True);
        });
    }

    [Test]
    public async Task SendAsync_Http2Client_ForwardsAsHttp11AndStreamsBodyChunked()
    {
        await using var backend = await TestKestrelServer.StartAsync(app => app.Run(EchoedRequest.EchoAsync));
        await using var proxy = await StartProxyAsync(backend.BaseAddress, protocols: HttpProtocols.Http2);
        using var client = proxy.CreateClient(HttpVersion.Version20);

        using var get = await client.GetAsync("/h2?x=1");
        var echoedGet = await EchoedRequest.ReadAsync(get);

        // Streamed content of unknown length: HTTP/2 has no chunking, so upstream must use chunked encoding.
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("hello over h2"));
        await pipe.Writer.CompleteAsync();
        using var content = new StreamContent(pipe.Reader.AsStream());
        using var post = await client.PostAsync("/h2", content);
        var echoedPost = await EchoedRequest.ReadAsync(post);

        Assert.Multiple(() =>
        {
            Assert.That(get.Version, Is.EqualTo(HttpVersion.Version20));
            Assert.That(echoedGet.Protocol, Is.EqualTo("HTTP/1.1"));
            Assert.That(echoedGet.Target, Is.EqualTo("/h2?x=1"));
            Assert.That(echoedGet.Host, Is.EqualTo($"127.0.0.1:{proxy.Port}"));
            Assert.That(post.Version, Is.EqualTo(HttpVersion.Version20));
            Assert.That(echoedPost.Body, Is.EqualTo("hello over h2"));
            Assert.That(echoedPost.Headers["Transfer-Encoding"], Is.EqualTo("chunked"));
        });
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task SendAsync_PassHostHeader_ControlsHostSentUpstream(bool passHostHeader)
    {
        await using var backend = await TestKestrelServer.StartAsync(app => app.Run(EchoedRequest.EchoAsync));
        await using var proxy = await StartProxyAsync(backend.BaseAddress, new ForwarderOptions { PassHostHeader = passHostHeader });
        using var client = proxy.CreateClient();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "shop.example.test";
        using var response = await client.SendAsync(request);
        var echoed = await EchoedRequest.ReadAsync(response);

        var expected = passHostHeader ? "shop.example.test" : $"127.0.0.1:{backend.Port}";
        Assert.That(echoed.Host, Is.EqualTo(expected));
    }

    [Test]
    public async Task SendAsync_SetCookieGiven_AddsItAlongsideBackendCookies()
    {
        await using var backend = await TestKestrelServer.StartAsync(app => app.Run(context =>
        {
            context.Response.Headers.Append("Set-Cookie", "a=1; Path=/");
            context.Response.Headers.Append("Set-Cookie", "b=2; Path=/; HttpOnly");
            return context.Response.WriteAsync("ok");
        }));
        await using var proxy = await StartProxyAsync(backend.BaseAddress, setCookie: static _ => "_a49bc=pin; Path=/; HttpOnly");
        using var client = proxy.CreateClient();

        using var response = await client.GetAsync("/");

        Assert.That(response.Headers.GetValues("Set-Cookie"), Is.EqualTo(new[] { "a=1; Path=/", "b=2; Path=/; HttpOnly", "_a49bc=pin; Path=/; HttpOnly" }));
    }

    [Test]
    public async Task SendAsync_SetCookieNull_KeepsOnlyBackendCookies()
    {
        await using var backend = await TestKestrelServer.StartAsync(app => app.Run(context =>
        {
            context.Response.Headers.Append("Set-Cookie", "a=1; Path=/");
            context.Response.Headers.Append("Set-Cookie", "b=2; Path=/");
            return context.Response.WriteAsync("ok");
        }));
        await using var proxy = await StartProxyAsync(backend.BaseAddress);
        using var client = proxy.CreateClient();

        using var response = await client.GetAsync("/");

        Assert.That(response.Headers.GetValues("Set-Cookie"), Is.EqualTo(new[] { "a=1; Path=/", "b=2; Path=/" }));
    }

    [Test]
    public async Task SendAsync_BackendSetsServer_NoServerOrDateDuplicates()
    {
        await using var backend = await TestKestrelServer.StartAsync(app => app.Run(context =>
        {
            context.Response.Headers.Server = "whoami-backend";
            context.Response.ContentLength = 2;
            return context.Response.WriteAsync("ok");
        }));
        await using var proxy = await StartProxyAsync(backend.BaseAddress);
        using var client = proxy.CreateClient();

        using var response = await client.GetAsync("/");

        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.NonValidated["Server"], Is.EqualTo(new[] { "whoami-backend" }));
            Assert.That(response.Headers.NonValidated["Date"].Count, Is.EqualTo(1));
            Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(2));
        });
    }
}
