// Licensed under the MIT License. See LICENSE in the repository root.

using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sticky.TestInfrastructure;

namespace Sticky.Forwarding.Tests;

[TestFixture(ForwarderTransport.Http11)]
[TestFixture(ForwarderTransport.HttpClient)]
public sealed class HttpForwarderFailureTests : ForwarderTransportFixture
{
    public HttpForwarderFailureTests(ForwarderTransport transport)
        : base(transport)
    {
    }

    [Test]
    public async Task SendAsync_BackendPortClosed_Returns502WithShortBody()
    {
        var port = LoopbackPorts.GetClosedPort();
        await using var proxy = await StartProxyAsync(new Uri($"http://127.0.0.1:{port}/"));
        using var client = proxy.CreateClient();

        using var response = await client.GetAsync("/");
        var body = await response.Content.ReadAsStringAsync();
        var result = await proxy.NextResultAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
            Assert.That(body, Is.EqualTo($"502 Bad Gateway: backend 127.0.0.1:{port} refused the connection"));
            Assert.That(result.Outcome, Is.EqualTo(ForwardOutcome.ConnectFailed));
            Assert.That(result.StatusCode, Is.EqualTo(502));
            Assert.That(result.RequestBodyStarted, Is.False);
            Assert.That(
                proxy.Logger.Entries,
                Has.Some.Matches<TestLogEntry>(e => e is { Level: LogLevel.Warning } && e.Message.Contains($"127.0.0.1:{port}", StringComparison.Ordinal)));
        });
    }

    [Test]
    public async Task SendAsync_PostToClosedPort_BodyNotStarted()
    {
        var port = LoopbackPorts.GetClosedPort();
        await using var proxy = await StartProxyAsync(new Uri($"http://127.0.0.1:{port}/"));
        using var client = proxy.CreateClient();

        using var response = await client.PostAsync("/", new StringContent("payload"));
        var result = await proxy.NextResultAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(ForwardOutcome.ConnectFailed));
            Assert.That(result.RequestBodyStarted, Is.False, "a body never sent can be retried on another backend");
        });
    }

    [Test]
    public async Task SendAsync_BackendSlowerThanRequestTimeout_Returns504()
    {
        await using var backend = await TestKestrelServer.StartAsync(app => app.Run(async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        }));
        var options = new ForwarderOptions { RequestTimeout = TimeSpan.FromMilliseconds(300) };
        await using var proxy = await StartProxyAsync(backend.BaseAddress, options);
        using var client = proxy.CreateClient();

        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync("/slow");
        var body = await response.Content.ReadAsStringAsync();
        var result = await proxy.NextResultAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.GatewayTimeout));
            Assert.That(body, Does.StartWith("504 Gateway Timeout: backend 127.0.0.1:"));
            Assert.That(result.Outcome, Is.EqualTo(ForwardOutcome.Timeout));
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
            Assert.That(proxy.Logger.Entries, Has.Some.Matches<TestLogEntry>(e => e is { Level: LogLevel.Warning, EventId.Name: "BackendTimeout" }));
        });
    }

    [Test]
    public async Task SendAsync_SlowUploadLongerThanRequestTimeout_IsNotCutOff()
    {
        await using var backend = await TestKestrelServer.StartAsync(app => app.Run(EchoedRequest.EchoAsync));
        var options = new ForwarderOptions { RequestTimeout = TimeSpan.FromMilliseconds(400) };
        await using var proxy = await StartProxyAsync(backend.BaseAddress, options);
        using var client = proxy.CreateClient();
        var pipe = new Pipe();
        var writer = Task.Run(async () =>
        {
            // About 1.2 s of upload in total, never idle for as long as the timeout.
            for (var i = 0; i < 8; i++)
            {
                await pipe.Writer.WriteAsync(Encoding.ASCII.GetBytes(i.ToString(CultureInfo.InvariantCulture)));
                await Task.Delay(150);
            }

            await pipe.Writer.CompleteAsync();
        });

        using var content = new StreamContent(pipe.Reader.AsStream());
        using var response = await client.PostAsync("/upload", content);
        var echoed = await EchoedRequest.ReadAsync(response);
        await writer;

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(echoed.Body, Is.EqualTo("01234567"));
        });
    }

    [Test]
    public async Task SendAsync_BackendResetsBeforeResponding_Returns502RequestFailed()
    {
        await using var backend = await TestKestrelServer.StartAsync(app => app.Run(static context =>
        {
            context.Abort();
            return Task.CompletedTask;
        }));
        await using var proxy = await StartProxyAsync(backend.BaseAddress);
        using var client = proxy.CreateClient();

        using var response = await client.GetAsync("/");
        var body = await response.Content.ReadAsStringAsync();
        var result = await proxy.NextResultAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
            Assert.That(body, Does.StartWith("502 Bad Gateway: backend 127.0.0.1:").And.Not.Contains(" at "));
            Assert.That(result.Outcome, Is.EqualTo(ForwardOutcome.RequestFailed));
        });
    }

    [Test]
    public async Task SendAsync_BackendFailsMidBody_AbortsClientResponse()
    {
        var clientHasHeaders = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = await TestKestrelServer.StartAsync(app => app.Run(async context =>
        {
            context.Response.ContentLength = 100_000;
            await context.Response.WriteAsync("partial", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);

            // Failing only once the response is under way; a reset before that is a RequestFailed instead.
            await clientHasHeaders.Task.WaitAsync(TimeSpan.FromSeconds(10));
            context.Abort();
        }));
        await using var proxy = await StartProxyAsync(backend.BaseAddress);
        using var client = proxy.CreateClient();

        using var response = await client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead);
        clientHasHeaders.SetResult();
        await using var body = await response.Content.ReadAsStreamAsync();

        Assert.That(async () => await body.CopyToAsync(Stream.Null), Throws.InstanceOf<IOException>().Or.InstanceOf<HttpRequestException>());
        var result = await proxy.NextResultAsync();
        Assert.That(result.Outcome, Is.EqualTo(ForwardOutcome.ResponseBodyFailed));
    }

    [Test]
    public async Task SendAsync_ClientAbortsMidRequest_BackendObservesRequestAborted()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = await TestKestrelServer.StartAsync(app => app.Run(async context =>
        {
            context.RequestAborted.Register(() => aborted.TrySetResult());
            received.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        }));
        await using var proxy = await StartProxyAsync(backend.BaseAddress);
        using var client = proxy.CreateClient();
        using var cancel = new CancellationTokenSource();

        var request = client.GetAsync("/hang", cancel.Token);
        await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cancel.CancelAsync();

        Assert.That(async () => await request, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(async () => await aborted.Task.WaitAsync(TimeSpan.FromSeconds(5)), Throws.Nothing);
        var result = await proxy.NextResultAsync();
        Assert.That(result.Outcome, Is.EqualTo(ForwardOutcome.ClientAborted));
    }

    [Test]
    public async Task SendAsync_StreamedResponse_FirstChunkArrivesBeforeBackendFinishes()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = await TestKestrelServer.StartAsync(app => app.Run(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("data: first\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await release.Task.WaitAsync(TimeSpan.FromSeconds(10), context.RequestAborted);
            await context.Response.WriteAsync("data: second\n\n", context.RequestAborted);
        }));
        await using var proxy = await StartProxyAsync(backend.BaseAddress);
        using var client = proxy.CreateClient();

        using var response = await client.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(stream);
        var first = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(5));
        var finishedEarly = release.Task.IsCompleted;
        release.SetResult();
        var rest = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo("data: first"));
            Assert.That(finishedEarly, Is.False);
            Assert.That(rest, Is.EqualTo("\ndata: second\n\n"));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
        });
    }
}
