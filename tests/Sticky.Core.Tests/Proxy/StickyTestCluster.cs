// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sticky.Affinity;
using Sticky.Backends;
using Sticky.Configuration;
using Sticky.Forwarding;
using Sticky.Providers;
using Sticky.TestInfrastructure;

namespace Sticky.Proxy.Tests;

/// <summary>
/// Real whoami backends and a real Sticky (AddSticky + MapSticky) on loopback ephemeral ports.
/// Each backend answers "I'm backend-N" and echoes WebSocket messages prefixed with its name.
/// </summary>
internal sealed class StickyTestCluster : IAsyncDisposable
{
    public const string ServiceName = "whoami-service";

    private readonly List<TestKestrelServer> _sticky = [];

    private readonly ForwarderTransport _transport;

    private StickyTestCluster(List<TestKestrelServer> backends, InMemoryBackendProvider provider, ForwarderTransport transport)
    {
        Backends = backends;
        Provider = provider;
        _transport = transport;
    }

    public List<TestKestrelServer> Backends { get; }

    public InMemoryBackendProvider Provider { get; }

    /// <summary>Starts <paramref name="backendCount"/> backends; Sticky instances started later forward with <paramref name="transport"/>.</summary>
    public static async Task<StickyTestCluster> StartAsync(int backendCount, ForwarderTransport transport = ForwarderTransport.Http11)
    {
        var backends = new List<TestKestrelServer>();
        for (var i = 0; i < backendCount; i++)
        {
            backends.Add(await StartBackendAsync($"backend-{i}"));
        }

        return new StickyTestCluster(backends, new InMemoryBackendProvider(), transport);
    }

    public static Task<TestKestrelServer> StartBackendAsync(string name) =>
        TestKestrelServer.StartAsync(app =>
        {
            app.UseWebSockets();
            app.Run(async context =>
            {
                if (context.WebSockets.IsWebSocketRequest)
                {
                    using var socket = await context.WebSockets.AcceptWebSocketAsync();
                    var buffer = new byte[1024];
                    while (true)
                    {
                        var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
                        if (received.MessageType == WebSocketMessageType.Close)
                        {
                            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                            return;
                        }

                        var reply = Encoding.UTF8.GetBytes($"{name}: {Encoding.UTF8.GetString(buffer, 0, received.Count)}");
                        await socket.SendAsync(reply, WebSocketMessageType.Text, true, CancellationToken.None);
                    }
                }

                await context.Response.WriteAsync($"I'm {name}");
            });
        });

    public void Configure(params int[] weights) => Configure(weights, sticky: true);

    public void Configure(int[] weights, bool sticky)
    {
        var backends = new List<BackendConfig>();
        for (var i = 0; i < weights.Length; i++)
        {
            backends.Add(new BackendConfig { Url = Backends[i].BaseAddress.ToString(), Weight = weights[i], Name = $"backend-{i}" });
        }

        Provider.Update([new ServiceConfig
        {
            Name = ServiceName,
            Rule = "PathPrefix:/",
            Backends = backends,
            Affinity = sticky ? new AffinityCookieConfig() : null,
        }]);
    }

    /// <summary>Starts one more Sticky instance serving this cluster's provider.</summary>
    public async Task<TestKestrelServer> StartStickyAsync(Action<StickyOptions>? configure = null, InMemoryBackendProvider? provider = null)
    {
        var sticky = await TestKestrelServer.StartAsync(
            static app => app.MapSticky(),
            configureBuilder: builder =>
            {
                builder.Services.AddSticky(options =>
                {
                    options.Forwarding.Transport = _transport;
                    configure?.Invoke(options);
                });
                builder.Services.AddStickyProvider(provider ?? Provider);
                builder.WebHost.ConfigureKestrel(static kestrel => kestrel.Limits.MaxRequestBodySize = null);
            });
        _sticky.Add(sticky);
        return sticky;
    }

    public static RoutingState RoutingOf(TestKestrelServer sticky) => sticky.Services.GetRequiredService<RoutingState>();

    /// <summary>Waits (bounded) until the instance has built a snapshot newer than <paramref name="generation"/>.</summary>
    public static async Task WaitForGenerationAsync(TestKestrelServer sticky, long generation)
    {
        var routing = RoutingOf(sticky);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (routing.Current.Generation <= generation)
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"no routing table newer than generation {generation} within 10 s");
            }

            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _sticky)
        {
            await server.DisposeAsync();
        }

        foreach (var backend in Backends)
        {
            await backend.DisposeAsync();
        }
    }
}
