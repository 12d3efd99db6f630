// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sticky.Host.TestInfrastructure.Tests;

/// <summary>
/// A real Kestrel backend on <c>127.0.0.1</c> and an ephemeral port that answers every request with its
/// name (the body is exactly the name) and echoes the path it saw in <see cref="PathHeader"/>.
/// </summary>
public sealed class TestBackend : IAsyncDisposable
{
    /// <summary>The response header carrying the request path the backend received.</summary>
    public const string PathHeader = "X-Backend-Path";

    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(2);

    private readonly WebApplication _app;
    private int _requestCount;

    private TestBackend(WebApplication app, string name, Uri url)
    {
        _app = app;
        Name = name;
        Url = url;
    }

    /// <summary>The name the backend answers with.</summary>
    public string Name { get; }

    /// <summary>The backend's base URL, <c>http://127.0.0.1:{port}</c> (no trailing slash).</summary>
    public Uri Url { get; }

    /// <summary>The number of requests the backend has answered.</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>Starts a backend and returns once it accepts connections.</summary>
    public static async Task<TestBackend> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(static kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        TestBackend? backend = null;
        app.Run(context =>
        {
            if (backend is not null)
            {
                Interlocked.Increment(ref backend._requestCount);
            }

            context.Response.ContentType = "text/plain; charset=utf-8";
            context.Response.Headers[PathHeader] = context.Request.Path.Value;
            return context.Response.WriteAsync(name, context.RequestAborted);
        });

        using var starting = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.StartAsync(starting.Token);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        backend = new TestBackend(app, name, new Uri(address.TrimEnd('/'), UriKind.Absolute));
        return backend;
    }

    /// <summary>The backend URL as a string without a trailing slash, as a <c>BackendConfig.Url</c>.</summary>
    public string UrlText => Url.GetLeftPart(UriPartial.Authority);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        using (var stopping = new CancellationTokenSource(s_stopTimeout))
        {
            try
            {
                await _app.StopAsync(stopping.Token);
            }
            catch (OperationCanceledException)
            {
                // Connections still open were aborted.
            }
        }

        await _app.DisposeAsync();
    }
}
