// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Sticky.Affinity;
using Sticky.Backends;
using Sticky.Providers;
using Sticky.Proxy;

namespace Sticky.Host.Demo;

/// <summary>
/// Runs <c>--demo</c>: starts the whoami backends, hands them to Sticky as the seed's
/// <c>whoami-service</c> (sticky, rule <c>PathPrefix:/</c>) and prints the curl commands that show it.
/// </summary>
internal sealed class DemoService(
    InMemoryBackendProvider provider,
    RoutingState routing,
    IServer server,
    IHostApplicationLifetime lifetime) : IHostedService, IAsyncDisposable
{
    internal const string ServiceName = "whoami-service";

    private DemoBackends? _backends;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _backends = await DemoBackends.StartAsync(3, cancellationToken);
        var backends = new List<BackendConfig>();
        foreach (var (name, url) in _backends.Backends)
        {
            backends.Add(new BackendConfig { Name = name, Url = url });
        }

        // Hosted services start in order and Sticky's routing table loads after this one, before the
        // server accepts connections: the first request already sees the demo service.
        provider.Update([new ServiceConfig { Name = ServiceName, Rule = "PathPrefix:/", Backends = backends, Affinity = new AffinityCookieConfig() }]);
        lifetime.ApplicationStarted.Register(PrintInstructions);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_backends is not null)
        {
            await _backends.DisposeAsync();
        }
    }

    private void PrintInstructions()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var proxy = addresses.FirstOrDefault() ?? "http://127.0.0.1:8080";
        var service = routing.Current.Services[ServiceName];
        var table = service.Affinity!;
        var first = service.Backends[0];
        Console.WriteLine($"""

            Sticky demo: {service.Backends.Length} whoami backends on loopback, sticky service '{ServiceName}' on {proxy}
            {string.Join(Environment.NewLine, service.Backends.Select(static b => $"  {b.Name,-9} {b.Id}"))}

            Without a cookie, requests are balanced round-robin and each answer sets the cookie {table.CookieName}:
              curl -i {proxy}/
            With the cookie, every request reaches the same backend ({first.Name}):
              curl --cookie "{table.CookieName}={table.GetCookieValue(first)}" {proxy}/
            A cookie issued by Traefik v1 (the backend URL) is honoured too, and re-issued in Sticky's format:
              curl -i --cookie "{table.CookieName}={first.Id}" {proxy}/
            Health: curl {addresses.Skip(1).FirstOrDefault() ?? "http://127.0.0.1:9090"}/ping    Stop with Ctrl+C.

            """);
    }
}
