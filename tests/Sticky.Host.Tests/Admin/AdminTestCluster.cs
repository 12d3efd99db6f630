// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sticky.Affinity;
using Sticky.Backends;
using Sticky.Host.TestInfrastructure.Tests;
using Sticky.Providers;
using Sticky.Proxy;

namespace Sticky.Host.Admin.Tests;

/// <summary>
/// A running Sticky with two services over four real Kestrel backends: <c>web</c> (sticky, default cookie,
/// <c>PathPrefix:/web</c>) on web-1 and web-2, and <c>api</c> (sticky, cookie <c>api_pin</c> with attributes,
/// <c>Host:api.test</c>, priority 50) on api-1 and api-2.
/// </summary>
public sealed class AdminTestCluster : IAsyncDisposable
{
    private readonly TestBackend[] _backends;

    private AdminTestCluster(RunningHost host, InMemoryBackendProvider provider, TestBackend[] backends)
    {
        Host = host;
        Provider = provider;
        _backends = backends;
        Admin = TestHttp.CreateClient(host.AdminAddress);
        Proxy = TestHttp.CreateClient(host.ProxyAddress);
    }

    public RunningHost Host { get; }

    public InMemoryBackendProvider Provider { get; }

    public HttpClient Admin { get; }

    public HttpClient Proxy { get; }

    public IReadOnlyList<TestBackend> Backends => _backends;

    internal RoutingState Routing => Host.App.Services.GetRequiredService<RoutingState>();

    public static async Task<AdminTestCluster> StartAsync(params string[] extraArgs)
    {
        var backends = await Task.WhenAll(
            TestBackend.StartAsync("web-1"),
            TestBackend.StartAsync("web-2"),
            TestBackend.StartAsync("api-1"),
            TestBackend.StartAsync("api-2"));
        var provider = new InMemoryBackendProvider(Services(backends), name: "test");
        try
        {
            var host = await RunningHost.StartAsync(RunningHost.LoopbackArgs(extraArgs), builder => builder.Services.AddStickyProvider(provider));
            return new AdminTestCluster(host, provider, backends);
        }
        catch
        {
            foreach (var backend in backends)
            {
                await backend.DisposeAsync();
            }

            throw;
        }
    }

    public static IReadOnlyList<ServiceConfig> Services(IReadOnlyList<TestBackend> backends) =>
    [
        TestServices.Sticky("web", "PathPrefix:/web", [backends[0], backends[1]]),
        new ServiceConfig
        {
            Name = "api",
            Rule = "Host:api.test",
            Priority = 50,
            Affinity = new AffinityCookieConfig { CookieName = "api_pin", Secure = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromHours(1) },
            Backends = [.. backends.Skip(2).Select(static backend => new BackendConfig { Name = backend.Name, Url = backend.UrlText, Weight = 2 })],
        },
    ];

    /// <summary>Finds a backend of the current routing table by service and display name.</summary>
    internal Backend Backend(string service, string name) =>
        Routing.Current.Services[service].Backends.Single(backend => backend.Name == name);

    /// <summary>Sends one proxied request as a distinct client (its user agent), with an optional cookie.</summary>
    public async Task<TestResponse> SendAsync(string path, string client, string? cookie = null, string? host = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Host.ProxyAddress, path));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue(client, "1.0"));
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        if (host is not null)
        {
            request.Headers.Host = host;
        }

        using var response = await Proxy.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var setCookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToArray() : [];
        return new TestResponse(response.StatusCode, body, setCookies);
    }

    /// <summary>
    /// Drives <paramref name="clients"/> distinct clients through the sticky service: each sends a first request,
    /// then <paramref name="repeats"/> more with the cookie it got. Returns the backend each client is pinned to.
    /// </summary>
    public async Task<Dictionary<string, string>> DriveClientsAsync(string path, int clients, int repeats, string? host = null, string prefix = "client")
    {
        var pins = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < clients; i++)
        {
            var client = $"{prefix}-{i}";
            var first = await SendAsync(path, client, host: host);
            Assert.That(first.CookiePair, Is.Not.Null, "a sticky service issues a cookie to a new client");
            for (var r = 0; r < repeats; r++)
            {
                var next = await SendAsync(path, client, first.CookiePair, host);
                Assert.That(next.Body, Is.EqualTo(first.Body), "a pinned client stays on its backend");
            }

            pins[client] = first.Body;
        }

        return pins;
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Admin.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(200), $"GET {path}: {text}");
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        Proxy.Dispose();
        await Host.DisposeAsync();
        foreach (var backend in _backends)
        {
            await backend.DisposeAsync();
        }
    }
}
