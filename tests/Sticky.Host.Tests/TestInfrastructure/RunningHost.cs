// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Sticky.Host.TestInfrastructure.Tests;

/// <summary>
/// The real Sticky host, built with <c>StickyHost.Build</c> and started in-process on the addresses the
/// arguments name (use <see cref="LoopbackArgs"/> for ephemeral loopback ports). Dispose it to stop it.
/// </summary>
public sealed class RunningHost : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(5);

    private RunningHost(WebApplication app, IReadOnlyList<Uri> addresses)
    {
        App = app;
        Addresses = addresses;
    }

    /// <summary>The running application.</summary>
    public WebApplication App { get; }

    /// <summary>Every bound address, as <see cref="IServerAddressesFeature"/> lists them.</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    /// <summary>The proxy listener: <c>StickyHost.Build</c> binds it first.</summary>
    public Uri ProxyAddress => Addresses[0];

    /// <summary>The admin listener: bound second, when the admin endpoint is on.</summary>
    public Uri AdminAddress => Addresses.Count > 1 ? Addresses[1] : throw new InvalidOperationException("the host has no admin listener");

    /// <summary>Arguments that put both listeners on loopback ephemeral ports, followed by <paramref name="extra"/>.</summary>
    public static string[] LoopbackArgs(params string[] extra) =>
        ["--proxy.address=127.0.0.1:0", "--admin.address=127.0.0.1:0", .. extra];

    /// <summary>Builds and starts the host; returns once it accepts connections.</summary>
    public static async Task<RunningHost> StartAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var app = StickyHost.Build(args, configure);
        try
        {
            using var starting = new CancellationTokenSource(s_startTimeout);
            await app.StartAsync(starting.Token);
            var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
                .Select(static address => new Uri(address, UriKind.Absolute))
                .ToArray();
            return new RunningHost(app, addresses);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        using (var stopping = new CancellationTokenSource(s_stopTimeout))
        {
            try
            {
                await App.StopAsync(stopping.Token);
            }
            catch (OperationCanceledException)
            {
                // Connections still open were aborted.
            }
        }

        await App.DisposeAsync();
    }
}
