// Licensed under the MIT License. See LICENSE in the repository root.

using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sticky.Balancing;
using Sticky.Configuration;
using Sticky.Diagnostics;
using Sticky.Forwarding;
using Sticky.Health;
using Sticky.Providers;
using Sticky.Proxy;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Sticky in an application's service collection.</summary>
public static class StickyServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Sticky load balancer: options bound from the <c>Sticky</c> configuration section (validated
    /// on start), the configuration provider (<c>Sticky:Services</c>), the services file provider
    /// (<c>Sticky:ServicesFile</c>), the built-in load-balancing policies
    /// and the forwarder. Map the proxy with <c>app.MapSticky()</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Optional code configuration applied after the configuration section.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddSticky(this IServiceCollection services, Action<StickyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Bound once, without BindConfiguration's reload token: every component reads these options once at
        // start, and with the token each configuration reload rebound the whole Sticky section, walking every
        // key under Sticky:Services (20,000 for a 10,000-backend service) for nothing.
        var options = services.AddOptions<StickyOptions>()
            .Configure<IConfiguration>(static (options, configuration) => configuration.GetSection(StickyOptions.SectionName).Bind(options))
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StickyOptions>, StickyOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoadBalancingPolicy, WeightedRoundRobinPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoadBalancingPolicy, PowerOfTwoChoicesPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBackendProvider, ConfigurationBackendProvider>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBackendProvider, FileBackendProvider>());
        services.TryAddSingleton<RoutingState>();
        services.TryAddSingleton<ForwarderInvoker>();
        services.TryAddSingleton(static sp => new HttpForwarder(
            sp.GetRequiredService<IOptions<StickyOptions>>().Value.Forwarding,
            sp.GetRequiredService<ILogger<HttpForwarder>>()));
        services.TryAddSingleton<StickyTelemetry>();
        services.TryAddSingleton<ProviderStatistics>();
        services.TryAddSingleton<RoutingMetrics>();
        services.TryAddSingleton<StickyProxyHandler>();

        // The routing table is loaded by a hosted service, so startup never blocks inside MapSticky.
        services.AddHostedService(static sp => sp.GetRequiredService<RoutingState>());
        services.AddStickyHealth();
        return services;
    }

    /// <summary>Adds a custom backend provider, resolved from the container.</summary>
    /// <typeparam name="TProvider">The provider type.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddStickyProvider<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TProvider>(this IServiceCollection services)
        where TProvider : class, IBackendProvider
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<TProvider>();
        services.AddSingleton<IBackendProvider>(static sp => sp.GetRequiredService<TProvider>());
        return services;
    }

    /// <summary>Adds a backend provider instance, such as an <see cref="InMemoryBackendProvider"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="provider">The provider.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddStickyProvider(this IServiceCollection services, IBackendProvider provider)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(provider);
        services.AddSingleton(provider);
        return services;
    }
}
