// Licensed under the MIT License. See LICENSE in the repository root.

using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Sticky.TestInfrastructure;

namespace Sticky.Forwarding.Tests;

/// <summary>
/// A real Kestrel proxy whose terminal middleware forwards every request to one backend through
/// <see cref="HttpForwarder"/>, recording each <see cref="ForwardResult"/>.
/// </summary>
internal sealed class TestProxy : IAsyncDisposable
{
    private readonly TestKestrelServer _server;
    private readonly HttpMessageInvoker _invoker;
    private readonly HttpForwarder _forwarder;
    private readonly Channel<ForwardResult> _results;

    private TestProxy(TestKestrelServer server, HttpForwarder forwarder, HttpMessageInvoker invoker, Channel<ForwardResult> results, TestLogger<HttpForwarder> logger)
    {
        _server = server;
        _forwarder = forwarder;
        _invoker = invoker;
        _results = results;
        Logger = logger;
    }

    public Uri BaseAddress => _server.BaseAddress;

    public int Port => _server.Port;

    /// <summary>What the forwarder logged.</summary>
    public TestLogger<HttpForwarder> Logger { get; }

    public static async Task<TestProxy> StartAsync(
        Uri backend,
        ForwarderOptions? options = null,
        Func<HttpContext, string?>? setCookie = null,
        HttpProtocols protocols = HttpProtocols.Http1)
    {
        options ??= new ForwarderOptions();
        var logger = new TestLogger<HttpForwarder>();
        var forwarder = new HttpForwarder(options, logger);
        var invoker = ForwarderHttpClientFactory.Create(options);
        var results = Channel.CreateUnbounded<ForwardResult>();

        var server = await TestKestrelServer.StartAsync(
            app => app.Run(async context =>
            {
                var result = await forwarder.SendAsync(context, backend, invoker, setCookie?.Invoke(context));
                results.Writer.TryWrite(result);
            }),
            protocols,
            builder => builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null));

        return new TestProxy(server, forwarder, invoker, results, logger);
    }

    /// <summary>The result of the next request the proxy finished (the client may see its response first).</summary>
    public async Task<ForwardResult> NextResultAsync()
        => await _results.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public HttpClient CreateClient(Version? version = null) => TestKestrelServer.CreateClient(BaseAddress, version);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _forwarder.Dispose();
        _invoker.Dispose();
    }
}
