// Licensed under the MIT License. See LICENSE in the repository root.

using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Sticky.TestInfrastructure;

namespace Sticky.Forwarding.Tests;

/// <summary>
/// 200 MB through the proxy in each direction, asserting it is streamed: the whole process (client, proxy and
/// backend share it) allocates far less than one body.
/// </summary>
[TestFixture(ForwarderTransport.Http11)]
[TestFixture(ForwarderTransport.HttpClient)]
[NonParallelizable]
public sealed class HttpForwarderLargeBodyTests : ForwarderTransportFixture
{
    public HttpForwarderLargeBodyTests(ForwarderTransport transport)
        : base(transport)
    {
    }

    private const long BodyLength = 200L * 1024 * 1024;
    private const long AllocationBudget = 50L * 1024 * 1024;

    [Test]
    public async Task SendAsync_200MegabyteUpload_StreamsWithoutBuffering()
    {
        await using var backend = await TestKestrelServer.StartAsync(
            app => app.Run(async context =>
            {
                var (length, hash) = await GeneratedData.ReadAsync(context.Request.Body, context.RequestAborted);
                await context.Response.WriteAsync(
                    length.ToString(CultureInfo.InvariantCulture) + " " + Convert.ToHexString(hash), context.RequestAborted);
            }),
            configureBuilder: static builder => builder.WebHost.ConfigureKestrel(static k => k.Limits.MaxRequestBodySize = null));
        await using var proxy = await StartProxyAsync(backend.BaseAddress);
        using var client = proxy.CreateClient();
        using var content = new GeneratedData.Content(BodyLength);
        await WarmUpAsync(proxy, client);

        var before = MeasureAllocations();
        using var response = await client.PostAsync("/upload", content);
        var reply = await response.Content.ReadAsStringAsync();
        var allocated = MeasureAllocations() - before;
        await TestContext.Out.WriteLineAsync($"allocated {allocated:N0} bytes for the upload");
        var result = await proxy.NextResultAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(response.IsSuccessStatusCode, Is.True, reply);
            Assert.That(reply, Is.EqualTo(BodyLength.ToString(CultureInfo.InvariantCulture) + " " + Convert.ToHexString(await content.Hash)));
            Assert.That(allocated, Is.LessThan(AllocationBudget), "bytes allocated while 200 MB went through");
            Assert.That(result.RequestBodyStarted, Is.True);
        });
    }

    [Test]
    public async Task SendAsync_200MegabyteDownload_StreamsWithContentLength()
    {
        var sentHash = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = await TestKestrelServer.StartAsync(app => app.Run(async context =>
        {
            if (context.Request.Path == "/warmup")
            {
                return;
            }

            context.Response.ContentLength = BodyLength;
            context.Response.ContentType = "application/octet-stream";
            sentHash.TrySetResult(await GeneratedData.WriteAsync(context.Response.Body, BodyLength, context.RequestAborted));
        }));
        await using var proxy = await StartProxyAsync(backend.BaseAddress);
        using var client = proxy.CreateClient();
        await WarmUpAsync(proxy, client);

        var before = MeasureAllocations();
        using var response = await client.GetAsync("/download", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var (length, hash) = await GeneratedData.ReadAsync(body, CancellationToken.None);
        var allocated = MeasureAllocations() - before;
        await TestContext.Out.WriteLineAsync($"allocated {allocated:N0} bytes for the download");

        Assert.Multiple(async () =>
        {
            Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(BodyLength));
            Assert.That(length, Is.EqualTo(BodyLength));
            Assert.That(hash, Is.EqualTo(await sentHash.Task));
            Assert.That(allocated, Is.LessThan(AllocationBudget), "bytes allocated while 200 MB went through");
        });
    }

    // Connection setup, JIT and pools are one-off costs, not per-byte ones.
    private static async Task WarmUpAsync(TestProxy proxy, HttpClient client)
    {
        using var response = await client.GetAsync("/warmup");
        await response.Content.ReadAsByteArrayAsync();
        await proxy.NextResultAsync();
    }

    private static long MeasureAllocations() => GC.GetTotalAllocatedBytes(precise: true);
}
