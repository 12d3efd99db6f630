// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sticky.Configuration;

namespace Sticky.Health;

/// <summary>Registers the health checks; called by <c>AddSticky</c> after the routing state.</summary>
internal static class HealthServiceCollectionExtensions
{
    public static IServiceCollection AddStickyHealth(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StickyOptions>, HealthOptionsValidator>());
        services.TryAddSingleton<BackendHealthTracker>();
        services.TryAddSingleton<PassiveHealthPolicy>();
        services.TryAddSingleton<ActiveHealthChecker>();
        services.TryAddSingleton<PanicMonitor>();

        // After the routing state's hosted service, so the first snapshot is there when probing starts.
        services.AddHostedService(static sp => sp.GetRequiredService<ActiveHealthChecker>());
        services.AddHostedService(static sp => sp.GetRequiredService<PanicMonitor>());
        return services;
    }
}
