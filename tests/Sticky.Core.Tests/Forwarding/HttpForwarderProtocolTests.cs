// Licensed under the MIT License. See LICENSE in the repository root.

using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Sticky.TestInfrastructure;

namespace Sticky.Forwarding.Tests;

/// <summary>HTTP/1.1 framing and connection handling the two transports must agree on.</summary>
[TestFixture(ForwarderTransport.Http11)]
[TestFixture(ForwarderTransport.HttpClient)]
public sealed class HttpForwarderProtocolTests : ForwarderTransportFixture
{
    public HttpForwarderProtocolTests(ForwarderTransport transport)
        : base(transport)
    {
    }

    [Test]
    public async Task SendAsync_SequentialRequests_ReuseOneBackendConnection()
    {
        var connections = new ConcurrentDictionary<string, int>();
        await using var backend = await TestKestrelServer.StartAsync(app => app.Run(context =>
        {
            connections.AddOrUpdate(context.Connection.Id, 1, static (_, n) => n + 1);
            return context.Response.WriteAsync("ok");
        }));
        await using var proxy = await StartProxyAsync(backend.BaseAddress);
        using var client = proxy.CreateClient();

        for (var i = 0; i < 5; i++)
        {
            Assert.That(await client.GetStringAsync($"/{i}"), Is.EqualTo("ok"));
        }

        Assert.That(connections.Values, Is.EqualTo(new[] { 5 }), "five requests, one pooled connection");
    }

    [Test]
    public async Task SendAsync_BackendHasBasePath_PrefixesRequestPath()
    {
        await using var backend = await TestKestrelServer.StartAsync(app => app.Run(EchoedRequest.EchoAsync));
        await using var proxy = await StartProxyAsync(new Uri(backend.BaseAddress, "/app/"));
        using var client = proxy.CreateClient();

        using var nested = await client.GetAsync("/x/y%20z?q=1&r=%2F");
        using var root = await client.GetAsync("/");

        Assert.Multiple(async () =>
        {
            Assert.That((await EchoedRequest.ReadAsync(nested)).Target, Is.EqualTo("/app/x/y%20z?q=1&r=%2F"));
            Assert.That((await EchoedRequest.ReadAsync(root)).Target, Is.EqualTo("/app/"));
        });
    }

    [Test]
    public async Task SendAsync_InterimResponses_AreSkippedAndFinalResponseRelayed()
    {
        await using var backend = RawHttpBackend.Start(
            "HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Final: yes\r\n\r\nfinal");
        await using var proxy = await StartProxyAsync(backend.BaseAddress);
        using var client = proxy.CreateClient();

        using var response = await client.GetAsync("/");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body, Is.EqualTo("final"));
            Assert.That(response.Headers.GetValues("X-Final"), Is.EqualTo(new[] { "yes" }));
            Assert.That(response.Headers.Contains("Link"), Is.False, "interim headers are not the final response's");
        });
    }

    [Test]
    public async Task SendAsync_BodyDelimitedByClose_RelayedWholeAndConnectionNotReused()
    {
        await using var backend = RawHttpBackend.Start("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end", closeAfterResponse: true);
        await using var proxy = await StartProxyAsync(backend.BaseAddress);
        using var client = proxy.CreateClient();

        var first = await client.GetStringAsync("/1");
        var second = await client.GetStringAsync("/2");

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo("until the end"));
            Assert.That(second, Is.EqualTo("until the end"));
            Assert.That(backend.Connections, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task SendAsync_HeadResponseWithContentLength_HasNoBodyAndConnectionStaysUsable()
    {
        await using var backend = RawHttpBackend.Start(head => Encoding.ASCII.GetBytes(head.StartsWith("HEAD", StringComparison.Ordinal)
            ? "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"
            : "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nget"));
        await using var proxy = await StartProxyAsync(backend.BaseAddress);
        using var client = proxy.CreateClient();

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));
        var get = await client.GetStringAsync("/");

        Assert.Multiple(() =>
        {
            Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(head.Content.Headers.ContentLength, Is.EqualTo(1000));
            Assert.That(get, Is.EqualTo("get"));
            Assert.That(backend.Connections, Is.EqualTo(1), "the HEAD response had no body to wait for");
        });
    }

    [Test]
    public async Task SendAsync_ChunkedWithExtensionsAndTrailers_DecodedForHttp11Client()
    {
        await using var backend = RawHttpBackend.Start(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-Checksum: 42\r\n\r\n");
        await using var proxy = await StartProxyAsync(backend.BaseAddress);
        using var client = proxy.CreateClient();

        var first = await client.GetStringAsync("/");
        var second = await client.GetStringAsync("/");

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo("hello world"));
            Assert.That(second, Is.EqualTo("hello world"));
            Assert.That(backend.Connections, Is.EqualTo(1), "a complete chunked body leaves the connection reusable");
        });
    }

    [Test]
    public async Task SendAsync_BrokenChunkedEncoding_AbortsClientResponse()
    {
        await using var backend = RawHttpBackend.Start("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nZZ\r\n");
        await using var proxy = await StartProxyAsync(backend.BaseAddress);
        using var client = proxy.CreateClient();

        Assert.That(async () => await client.GetStringAsync("/"), Throws.InstanceOf<HttpRequestException>().Or.InstanceOf<IOException>());
        var result = await proxy.NextResultAsync();
        Assert.That(result.Outcome, Is.EqualTo(ForwardOutcome.ResponseBodyFailed));
    }

    [Test]
    public async Task SendAsync_BackendAnswersBeforeReadingLargeUpload_ClientGetsThatAnswer()
    {
        await using var backend = await TestKestrelServer.StartAsync(app => app.Run(context =>
        {
            // Refuses without reading a byte of the body, as an auth or size check would.
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return context.Response.WriteAsync("too large");
        }));
        await using var proxy = await StartProxyAsync(backend.BaseAddress);
        using var client = proxy.CreateClient();

        using var content = new ByteArrayContent(new byte[8 * 1024 * 1024]);
        using var response = await client.PostAsync("/upload", content);
        var body = await response.Content.ReadAsStringAsync();
        var result = await proxy.NextResultAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
            Assert.That(body, Is.EqualTo("too large"));
            Assert.That(result.Outcome, Is.EqualTo(ForwardOutcome.Success));
        });
    }

    [Test]
    public async Task SendAsync_MaxConnectionsPerServer_BoundsConcurrentBackendConnections()
    {
        var inFlight = 0;
        var peak = 0;
        await using var backend = await TestKestrelServer.StartAsync(app => app.Run(async context =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref peak, now);
            await Task.Delay(50);
            Interlocked.Decrement(ref inFlight);
            await context.Response.WriteAsync("ok");
        }));
        await using var proxy = await StartProxyAsync(backend.BaseAddress, new ForwarderOptions { MaxConnectionsPerServer = 2 });
        using var client = proxy.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => client.GetStringAsync($"/{i}")));

        Assert.Multiple(() =>
        {
            Assert.That(responses, Is.All.EqualTo("ok"));
            Assert.That(peak, Is.InRange(1, 2), "never more than two requests at the backend at once");
        });
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
