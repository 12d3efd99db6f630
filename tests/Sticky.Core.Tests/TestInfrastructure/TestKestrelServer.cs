// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sticky.TestInfrastructure;

/// <summary>
/// A real Kestrel server listening on <c>127.0.0.1</c> on an ephemeral port, for tests that need actual HTTP
/// traffic (a backend, or a proxy under test) instead of mocks. Dispose it to stop it.
/// </summary>
/// <remarks>
/// Built with <see cref="WebApplication.CreateSlimBuilder()"/>; logging providers are cleared so test output stays
/// quiet (add one in <c>configureBuilder</c> to see logs). Kestrel's defaults apply, including the 30 MB request
/// body limit: raise it in <c>configureBuilder</c> for large uploads.
/// <code>
/// await using var backend = await TestKestrelServer.StartAsync(app => app.MapGet("/", () => "hello"));
/// using var client = TestKestrelServer.CreateClient(backend.BaseAddress);
/// var text = await client.GetStringAsync("/");
/// </code>
/// </remarks>
public sealed class TestKestrelServer : IAsyncDisposable
{
    // Long enough for in-flight requests to finish, short enough that a test leaving a stream open stays fast.
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(2);

    private readonly WebApplication _app;

    private TestKestrelServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>The server's base URL, <c>http://127.0.0.1:{port}/</c> (with the trailing slash).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The bound port.</summary>
    public int Port => BaseAddress.Port;

    /// <summary>The application's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a server and returns once it accepts connections.</summary>
    /// <param name="configureApp">Adds middleware and endpoints, for example <c>app.Run(...)</c> or <c>app.MapGet(...)</c>.</param>
    /// <param name="protocols">
    /// The protocols of the endpoint. Without TLS there is no ALPN, so <see cref="HttpProtocols.Http2"/> alone is
    /// needed for HTTP/2 (h2c with prior knowledge); the default speaks HTTP/1.1.
    /// </param>
    /// <param name="configureBuilder">Registers services or changes Kestrel options before the app is built.</param>
    public static async Task<TestKestrelServer> StartAsync(
        Action<WebApplication> configureApp,
        HttpProtocols protocols = HttpProtocols.Http1,
        Action<WebApplicationBuilder>? configureBuilder = null)
    {
        ArgumentNullException.ThrowIfNull(configureApp);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = protocols));
        configureBuilder?.Invoke(builder);

        var app = builder.Build();
        app.Urls.Clear();
        app.Urls.Add("http://127.0.0.1:0");
        configureApp(app);

        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        var address = addresses.Single().TrimEnd('/');
        return new TestKestrelServer(app, new Uri(address + "/", UriKind.Absolute));
    }

    /// <summary>
    /// An <see cref="HttpClient"/> for test traffic: no proxy (environment proxies must not see loopback
    /// traffic), no cookies, no redirects, no decompression, so tests see exactly what the server sent.
    /// </summary>
    public static HttpClient CreateClient(Uri baseAddress, Version? version = null)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        };

        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (version is not null)
        {
            client.DefaultRequestVersion = version;
            client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        return client;
    }

    /// <summary>Stops the server, aborting connections still open after a short grace period.</summary>
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
                // Open connections were aborted; nothing else to clean up.
            }
        }

        await _app.DisposeAsync();
    }
}
