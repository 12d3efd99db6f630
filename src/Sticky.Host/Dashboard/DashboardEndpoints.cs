// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Net.Http.Headers;

namespace Sticky.Host.Dashboard;

/// <summary>Serves the dashboard at <c>/dashboard/</c>; <c>/</c> and <c>/dashboard</c> redirect there.</summary>
internal static class DashboardEndpoints
{
    // The page only talks to its own origin: scripts, styles and API calls from 'self', never framed.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var assets = endpoints.ServiceProvider.GetRequiredService<DashboardAssets>();
        endpoints.MapGet("/", static context => Redirect(context));
        endpoints.MapMethods("/dashboard/{file?}", ["GET", "HEAD"], context =>
        {
            // The router treats "/dashboard" and "/dashboard/" alike; relative asset URLs need the slash.
            var file = context.Request.RouteValues["file"] as string;
            if (string.IsNullOrEmpty(file) && context.Request.Path.Value?.EndsWith('/') != true)
            {
                return Redirect(context);
            }

            return assets.TryGet(string.IsNullOrEmpty(file) ? "index.html" : file, out var asset)
                ? ServeAsync(context, asset)
                : Results.NotFound().ExecuteAsync(context);
        });
    }

    private static Task Redirect(HttpContext context)
    {
        context.Response.Redirect("/dashboard/");
        return Task.CompletedTask;
    }

    private static Task ServeAsync(HttpContext context, DashboardAsset asset)
    {
        var headers = context.Response.Headers;
        headers.ETag = asset.ETag;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        if (context.Request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        context.Response.ContentType = asset.ContentType;
        context.Response.ContentLength = asset.Content.Length;
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : context.Response.Body.WriteAsync(asset.Content, context.RequestAborted).AsTask();
    }
}
