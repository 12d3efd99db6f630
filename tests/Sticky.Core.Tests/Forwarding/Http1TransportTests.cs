// Licensed under the MIT License. See LICENSE in the repository root.

using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sticky.TestInfrastructure;

namespace Sticky.Forwarding.Tests;

/// <summary>
/// What only Sticky's own HTTP/1.1 transport decides: how strictly a backend's response is parsed, and how
/// its pooled connections behave. HttpClient has its own (different, also safe) rules for these.
/// </summary>
[TestFixture]
public sealed class Http1TransportTests : ForwarderTransportFixture
{
    public Http1TransportTests()
        : base(ForwarderTransport.Http11)
    {
    }

    [TestCase("HTTP/1.1 200 OK\r\nX-Folded: one\r\n two\r\nContent-Length: 0\r\n\r\n", "obsolete line folding", TestName = "SendAsync_ObsoleteLineFolding_Returns502")]
    [TestCase("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello", "invalid Content-Length", TestName = "SendAsync_ConflictingContentLengths_Returns502")]
    [TestCase("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "invalid Content-Length", TestName = "SendAsync_NegativeContentLength_Returns502")]
    [TestCase("HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n", "invalid status code", TestName = "SendAsync_NonNumericStatus_Returns502")]
    [TestCase("HTTP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n", "invalid status line", TestName = "SendAsync_WrongVersion_Returns502")]
    [TestCase("HTTP/1.1 200 OK\r\nNo colon here\r\nContent-Length: 0\r\n\r\n", "without a valid name", TestName = "SendAsync_HeaderWithoutColon_Returns502")]
    [TestCase("HTTP/1.1 200 OK\r\nX-Space : x\r\nContent-Length: 0\r\n\r\n", "without a valid name", TestName = "SendAsync_WhitespaceBeforeColon_Returns502")]
    [TestCase("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", "does not end in chunked", TestName = "SendAsync_UndelimitableTransferEncoding_Returns502")]
    public async Task SendAsync_InvalidResponseHead_Returns502AndLogsWhy(string response, string reason)
    {
        await using var backend = RawHttpBackend.Start(response);
        await using var proxy = await StartProxyAsync(backend.BaseAddress);
        using var client = proxy.CreateClient();

        using var reply = await client.GetAsync("/");
        var body = await reply.Content.ReadAsStringAsync();
        var result = await proxy.NextResultAsync();

        Assert.Multiple(() =>
        {
            Assert.That(reply.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
            Assert.That(body, Does.StartWith("502 Bad Gateway: backend 127.0.0.1:"));
            Assert.That(reply.Headers.Contains("X-Folded"), Is.False, "nothing of the invalid head reaches the client");
            Assert.That(result.Outcome, Is.EqualTo(ForwardOutcome.RequestFailed));
            Assert.That(proxy.Logger.Entries, Has.Some.Matches<TestLogEntry>(e => e is { Level: LogLevel.Warning } && e.Message.Contains(reason, StringComparison.Ordinal)));
        });
    }

    [Test]
    public async Task SendAsync_ResponseHeadOver64Kilobytes_Returns502()
    {
        var huge = "HTTP/1.1 200 OK\r\n" + string.Concat(Enumerable.Range(0, 700).Select(i => $"X-Filler-{i}: {new string('a', 100)}\r\n")) + "Content-Length: 0\r\n\r\n";
        await using var backend = RawHttpBackend.Start(huge);
        await using var proxy = await StartProxyAsync(backend.BaseAddress);
        using var client = proxy.CreateClient();

        using var reply = await client.GetAsync("/");
        var result = await proxy.NextResultAsync();

        Assert.Multiple(() =>
        {
            Assert.That(reply.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
            Assert.That(result.Error?.Message, Does.Contain("64 KB"));
        });
    }

    [Test]
    public async Task SendAsync_BareLineFeeds_AreAccepted()
    {
        await using var backend = RawHttpBackend.Start("HTTP/1.1 200 OK\nContent-Length: 2\nX-Lf: yes\n\nok");
        await using var proxy = await StartProxyAsync(backend.BaseAddress);
        using var client = proxy.CreateClient();

        using var reply = await client.GetAsync("/");

        Assert.Multiple(async () =>
        {
            Assert.That(await reply.Content.ReadAsStringAsync(), Is.EqualTo("ok"));
            Assert.That(reply.Headers.GetValues("X-Lf"), Is.EqualTo(new[] { "yes" }));
        });
    }

    [Test]
    public async Task SendAsync_RepeatedHeaders_StaySeparateAndReplaceNothingTwice()
    {
        await using var backend = RawHttpBackend.Start(
            "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nX-Multi: one\r\nSet-Cookie: b=2\r\nX-Multi: two\r\nContent-Length: 0\r\n\r\n");
        await using var proxy = await StartProxyAsync(backend.BaseAddress, setCookie: static _ => "_a49bc=pin; Path=/");
        using var client = proxy.CreateClient();

        using var reply = await client.GetAsync("/");

        Assert.Multiple(() =>
        {
            Assert.That(reply.Headers.GetValues("Set-Cookie"), Is.EqualTo(new[] { "a=1", "b=2", "_a49bc=pin; Path=/" }));
            Assert.That(reply.Headers.GetValues("X-Multi"), Is.EqualTo(new[] { "one", "two" }));
        });
    }

    [Test]
    public async Task SendAsync_UnsolicitedBytesAfterResponse_ConnectionIsNotReused()
    {
        // A second response nobody asked for must never be taken as the answer to the next request.
        await using var backend = RawHttpBackend.Start(
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirstHTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nsmuggled");
        await using var proxy = await StartProxyAsync(backend.BaseAddress);
        using var client = proxy.CreateClient();

        var first = await client.GetStringAsync("/1");
        var second = await client.GetStringAsync("/2");

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo("first"));
            Assert.That(second, Is.EqualTo("first"));
            Assert.That(backend.Connections, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task SendAsync_BackendClosesIdleConnection_NextRequestUsesNewOne()
    {
        // Answers with keep-alive but closes right after: the pooled connection is dead when next taken.
        await using var backend = RawHttpBackend.Start("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", closeAfterResponse: true);
        await using var proxy = await StartProxyAsync(backend.BaseAddress);
        using var client = proxy.CreateClient();

        var replies = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            replies.Add(await client.GetStringAsync($"/{i}"));
        }

        Assert.Multiple(() =>
        {
            Assert.That(replies, Is.All.EqualTo("ok"));
            Assert.That(backend.Connections, Is.EqualTo(5));
        });
    }

    [Test]
    public async Task SendAsync_NoRequestBody_PostSendsContentLengthZero()
    {
        await using var backend = RawHttpBackend.Start("HTTP/1.1 204 No Content\r\n\r\n");
        await using var proxy = await StartProxyAsync(backend.BaseAddress);
        using var client = proxy.CreateClient();

        using var reply = await client.PostAsync("/", content: null);
        backend.Requests.TryDequeue(out var head);

        Assert.Multiple(() =>
        {
            Assert.That(reply.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(head, Does.StartWith("POST / HTTP/1.1\r\n"));
            Assert.That(head, Does.Contain("\r\nContent-Length: 0\r\n"));
            Assert.That(head, Does.Not.Contain("Transfer-Encoding"));
        });
    }

    // HttpClient enforces its idle timeout from a coarse cleanup timer, so only this transport is held to it.
    [Test]
    public async Task SendAsync_PooledConnectionIdleTimeout_ClosesIdleConnection()
    {
        var connections = new ConcurrentDictionary<string, bool>();
        await using var backend = await TestKestrelServer.StartAsync(app => app.Run(context =>
        {
            connections[context.Connection.Id] = true;
            return context.Response.WriteAsync("ok");
        }));
        await using var proxy = await StartProxyAsync(backend.BaseAddress, new ForwarderOptions { PooledConnectionIdleTimeout = TimeSpan.FromMilliseconds(100) });
        using var client = proxy.CreateClient();

        await client.GetStringAsync("/1");
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        await client.GetStringAsync("/2");

        Assert.That(connections, Has.Count.EqualTo(2), "the idle connection was not reused after its timeout");
    }
}
