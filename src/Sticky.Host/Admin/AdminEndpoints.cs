// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.DependencyInjection.Extensions;
using Sticky.Diagnostics;
using Sticky.Host.Admin.Api;
using Sticky.Host.Admin.Changes;
using Sticky.Host.Admin.Metrics;
using Sticky.Host.Dashboard;

namespace Sticky.Host.Admin;

/// <summary>
/// The admin port: <c>/ping</c>, the JSON API under <c>/api/</c>, <c>/metrics</c> and the dashboard at
/// <c>/dashboard/</c> (where <c>/</c> redirects). Read-only: nothing here changes the balancer.
/// </summary>
internal static class AdminEndpoints
{
    /// <summary>Registers what the admin port serves; <paramref name="options"/> carries the credentials.</summary>
    public static IServiceCollection AddStickyAdmin(this IServiceCollection services, Configuration.StickyHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(new AdminAuthentication(options));
        // TryAdd: the library may register these itself for embedding apps; one instance either way.
        services.TryAddSingleton<ProviderStatistics>();
        services.TryAddSingleton<RoutingMetrics>();
        services.AddSingleton<RoutingChangeLog>();
        services.AddSingleton<PrometheusExporter>();
        services.AddSingleton<AdminApi>();
        services.AddSingleton<DashboardAssets>();
        return services;
    }

    /// <summary>Builds the admin branch of the pipeline: authentication, then the endpoints.</summary>
    public static void Configure(IApplicationBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);

        // Created now, before the host starts: the change log and the metrics must see the first routing table.
        _ = admin.ApplicationServices.GetRequiredService<RoutingChangeLog>();
        _ = admin.ApplicationServices.GetRequiredService<PrometheusExporter>();
        _ = admin.ApplicationServices.GetRequiredService<RoutingMetrics>();

        var authentication = admin.ApplicationServices.GetRequiredService<AdminAuthentication>();
        admin.Use(authentication.InvokeAsync);
        admin.UseRouting();
        admin.UseEndpoints(Map);
    }

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        // Traefik answers its health check with a plain "OK"; orchestrators probe for exactly that.
        endpoints.MapMethods("/ping", ["GET", "HEAD"], static () => Results.Text("OK"));

        var exporter = endpoints.ServiceProvider.GetRequiredService<PrometheusExporter>();
        endpoints.MapGet("/metrics", context =>
        {
            context.Response.ContentType = PrometheusTextWriter.ContentType;
            context.Response.Headers.CacheControl = "no-store";
            return context.Response.WriteAsync(exporter.Scrape(), context.RequestAborted);
        });

        AdminApi.Map(endpoints);
        DashboardEndpoints.Map(endpoints);
    }
}
