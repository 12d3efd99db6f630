// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Sticky.TestInfrastructure;

namespace Sticky.Forwarding.Tests;

[TestFixture(ForwarderTransport.Http11)]
[TestFixture(ForwarderTransport.HttpClient)]
public sealed class HttpForwarderUpgradeTests : ForwarderTransportFixture
{
    public HttpForwarderUpgradeTests(ForwarderTransport transport)
        : base(transport)
    {
    }

    [TestCase(false, TestName = "SendAsync_WebSocketOverHttp11_EchoesThroughProxyWithCookieOn101")]
    [TestCase(true, TestName = "SendAsync_WebSocketOverHttp2ExtendedConnect_EchoesThroughProxyWithCookieOn200")]
    public async Task SendAsync_WebSocket_EchoesThroughProxyWithCookie(bool http2)
    {
        await using var backend = await TestKestrelServer.StartAsync(app =>
        {
            app.UseWebSockets();
            app.Run(EchoWebSocketAsync);
        });
        await using var proxy = await StartProxyAsync(
            backend.BaseAddress,
            setCookie: static _ => "_a49bc=pin; Path=/; HttpOnly",
            protocols: http2 ? HttpProtocols.Http2 : HttpProtocols.Http1);
        using var socket = new ClientWebSocket();
        socket.Options.Proxy = null;
        socket.Options.CollectHttpResponseDetails = true;
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler { UseProxy = false });
        if (http2)
        {
            socket.Options.HttpVersion = HttpVersion.Version20;
            socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{proxy.Port}/ws"), invoker, timeout.Token);
        var replies = new List<string>();
        foreach (var message in new[] { "hello", "sticky" })
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
            replies.Add(await ReceiveTextAsync(socket, timeout.Token));
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
        var result = await proxy.NextResultAsync();
        var cookies = socket.HttpResponseHeaders!
            .Where(static h => string.Equals(h.Key, "Set-Cookie", StringComparison.OrdinalIgnoreCase))
            .SelectMany(static h => h.Value)
            .ToArray();

        var expectedStatus = http2 ? HttpStatusCode.OK : HttpStatusCode.SwitchingProtocols;
        Assert.Multiple(() =>
        {
            Assert.That(socket.HttpStatusCode, Is.EqualTo(expectedStatus));
            Assert.That(cookies, Is.EqualTo(new[] { "_a49bc=pin; Path=/; HttpOnly" }));
            Assert.That(replies, Is.EqualTo(new[] { "hello", "sticky" }));
            Assert.That(socket.CloseStatus, Is.EqualTo(WebSocketCloseStatus.NormalClosure));
            Assert.That(result.Outcome, Is.EqualTo(ForwardOutcome.Success));
            Assert.That(result.StatusCode, Is.EqualTo((int)expectedStatus));
        });
    }

    [Test]
    public async Task SendAsync_UpgradeRefusedByBackend_RelaysNormalResponse()
    {
        await using var backend = await TestKestrelServer.StartAsync(app => app.Run(static context =>
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return context.Response.WriteAsync("no websockets here");
        }));
        await using var proxy = await StartProxyAsync(backend.BaseAddress);
        using var socket = new ClientWebSocket();
        socket.Options.Proxy = null;
        socket.Options.CollectHttpResponseDetails = true;

        Assert.That(
            async () => await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{proxy.Port}/ws"), CancellationToken.None),
            Throws.InstanceOf<WebSocketException>());
        var result = await proxy.NextResultAsync();

        Assert.Multiple(() =>
        {
            Assert.That(socket.HttpStatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(result.Outcome, Is.EqualTo(ForwardOutcome.Success));
            Assert.That(result.StatusCode, Is.EqualTo(400));
        });
    }

    private static async Task EchoWebSocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[4096];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", context.RequestAborted);
                return;
            }

            await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, context.RequestAborted);
        }
    }

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var text = new StringBuilder();
        ValueWebSocketReceiveResult received;
        do
        {
            received = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
            text.Append(Encoding.UTF8.GetString(buffer, 0, received.Count));
        }
        while (!received.EndOfMessage);

        return text.ToString();
    }
}
