// Licensed under the MIT License. See LICENSE in the repository root.

using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sticky.Backends;
using Sticky.Balancing;
using Sticky.Configuration;
using Sticky.Providers;
using Sticky.Proxy;

namespace Sticky.Diagnostics.Tests;

/// <summary>A routing state over given providers plus a private meter factory, disposed together.</summary>
internal sealed class DiagnosticsTestContext : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public DiagnosticsTestContext(params IBackendProvider[] providers)
    {
        State = new RoutingState(providers, [new WeightedRoundRobinPolicy()], Options.Create(new StickyOptions()), TimeProvider.System, NullLogger<RoutingState>.Instance);
    }

    public RoutingState State { get; }

    public IMeterFactory MeterFactory => _services.GetRequiredService<IMeterFactory>();

    public static ServiceConfig Service(string name, params string[] urls) => new()
    {
        Name = name,
        Rule = "PathPrefix:/" + name,
        Affinity = new Affinity.AffinityCookieConfig(),
        Backends = [.. urls.Select(static url => new BackendConfig { Url = url })],
    };

    public void Dispose()
    {
        State.Dispose();
        _services.Dispose();
    }
}
