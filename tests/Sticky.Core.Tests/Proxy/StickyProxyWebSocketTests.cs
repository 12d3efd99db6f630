// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net.WebSockets;
using System.Net;
using System.Text;
using Sticky.Forwarding;
using Sticky.TestInfrastructure;

namespace Sticky.Proxy.Tests;

[TestFixture(ForwarderTransport.Http11)]
[TestFixture(ForwarderTransport.HttpClient)]
public sealed class StickyProxyWebSocketTests
{
    private readonly ForwarderTransport _transport;

    public StickyProxyWebSocketTests(ForwarderTransport transport) => _transport = transport;

    [Test]
    public async Task WebSocket_NoCookie_101CarriesTheAffinityCookie_ForTheBackendThatEchoes()
    {
        await using var cluster = await StickyTestCluster.StartAsync(3, _transport);
        cluster.Configure(1, 1, 1);
        var sticky = await cluster.StartStickyAsync();
        using var client = TestKestrelServer.CreateClient(sticky.BaseAddress);
        var cookies = await StickyProxyTests.GetOneCookiePerBackendAsync(client, 3);

        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        await socket.ConnectAsync(WebSocketUri(sticky), CancellationToken.None);
        var echo = await EchoAsync(socket, "hello");

        Assert.That(socket.HttpStatusCode, Is.EqualTo(HttpStatusCode.SwitchingProtocols));
        var setCookie = socket.HttpResponseHeaders!["Set-Cookie"].Single().Split(';')[0];
        var backend = echo.Split(':')[0];
        Assert.That(setCookie, Is.EqualTo(cookies[$"I'm {backend}"]), "the 101's cookie pins to the backend that holds the socket");
    }

    [Test]
    public async Task WebSocket_WithCookie_EveryConnectionStaysOnThePinnedBackend()
    {
        await using var cluster = await StickyTestCluster.StartAsync(3, _transport);
        cluster.Configure(1, 1, 1);
        var sticky = await cluster.StartStickyAsync();
        using var client = TestKestrelServer.CreateClient(sticky.BaseAddress);
        var (cookie, pinned) = await StickyProxyTests.GetCookieAsync(client);

        for (var i = 0; i < 5; i++)
        {
            using var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Cookie", cookie);
            await socket.ConnectAsync(WebSocketUri(sticky), CancellationToken.None);

            Assert.That(await EchoAsync(socket, $"message {i}"), Is.EqualTo($"{pinned["I'm ".Length..]}: message {i}"));
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
    }

    private static Uri WebSocketUri(TestKestrelServer sticky) => new($"ws://127.0.0.1:{sticky.Port}/ws");

    private static async Task<string> EchoAsync(ClientWebSocket socket, string message)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, timeout.Token);
        var buffer = new byte[1024];
        var received = await socket.ReceiveAsync(buffer, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, received.Count);
    }
}
