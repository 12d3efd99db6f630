// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Admin;

/// <summary>The admin port's endpoints: <c>/ping</c> now; the API, dashboard and metrics build on it.</summary>
internal static class AdminEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        // Traefik answers its health check with a plain "OK"; orchestrators probe for exactly that.
        endpoints.MapMethods("/ping", ["GET", "HEAD"], static () => Results.Text("OK"));
    }
}
