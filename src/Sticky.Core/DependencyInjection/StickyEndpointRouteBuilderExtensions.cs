// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sticky.Proxy;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Sticky proxy into an application's endpoints.</summary>
public static class StickyEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Proxies every request that matches <paramref name="pattern"/> (by default all requests no other
    /// endpoint handles) to the service whose rule matches it.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <param name="pattern">A route pattern; the default catches every path.</param>
    /// <returns>A builder to add conventions (authorization, host filters, rate limits) to the proxy endpoint.</returns>
    public static IEndpointConventionBuilder MapSticky(this IEndpointRouteBuilder endpoints, string pattern = "{**sticky-path}")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var handler = endpoints.ServiceProvider.GetService<StickyProxyHandler>()
            ?? throw new InvalidOperationException("Sticky is not registered: call builder.Services.AddSticky() before app.MapSticky().");
        // The gauges (in-flight, pinned clients, health, provider refreshes) observe from creation on.
        _ = endpoints.ServiceProvider.GetRequiredService<Sticky.Diagnostics.RoutingMetrics>();
        return endpoints.Map(pattern, handler.InvokeAsync).WithDisplayName("Sticky proxy");
    }
}
