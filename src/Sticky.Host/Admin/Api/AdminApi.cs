// Licensed under the MIT License. See LICENSE in the repository root.

using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Sticky.Diagnostics;
using Sticky.Host.Admin.Changes;
using Sticky.Proxy;

namespace Sticky.Host.Admin.Api;

/// <summary>The read-only JSON API of the admin port. Every response reflects one routing snapshot.</summary>
internal sealed class AdminApi
{
    private static readonly string s_version =
        typeof(AdminApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private readonly RoutingState _state;
    private readonly ProviderStatistics _providers;
    private readonly RoutingChangeLog _changes;
    private readonly TimeProvider _timeProvider;
    private readonly DateTimeOffset _startedAt;

    public AdminApi(RoutingState state, ProviderStatistics providers, RoutingChangeLog changes, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _state = state;
        _providers = providers;
        _changes = changes;
        _timeProvider = timeProvider;
        _startedAt = timeProvider.GetUtcNow();
    }

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.ServiceProvider.GetRequiredService<AdminApi>();
        endpoints.MapGet("/api/overview", new RequestDelegate(api.OverviewAsync));
        endpoints.MapGet("/api/services", new RequestDelegate(api.ServicesAsync));
        endpoints.MapGet("/api/services/{name}", new RequestDelegate(api.ServiceAsync));
        endpoints.MapGet("/api/routes", new RequestDelegate(api.RoutesAsync));
        endpoints.MapGet("/api/providers", new RequestDelegate(api.ProvidersAsync));
        endpoints.MapGet("/api/changes", new RequestDelegate(api.ChangesAsync));
        endpoints.MapPost("/api/services/{name}/drain", new RequestDelegate(api.DrainAsync));
        endpoints.Map("/api/{**rest}", new RequestDelegate(static context =>
            WriteAsync(context, new ErrorModel($"no such API: {context.Request.Path}"), AdminJsonContext.Default.ErrorModel, StatusCodes.Status404NotFound)));
    }

    public OverviewModel Overview()
    {
        var snapshot = _state.Current;
        var now = _timeProvider.GetUtcNow();
        int total = 0, healthy = 0, unhealthy = 0, unknown = 0, draining = 0, inFlight = 0, pinned = 0;
        long requests = 0, failures = 0;
        foreach (var service in snapshot.Services.Values)
        {
            foreach (var backend in service.Backends)
            {
                total++;
                healthy += backend.Health == Backends.BackendHealth.Healthy ? 1 : 0;
                unhealthy += backend.Health == Backends.BackendHealth.Unhealthy ? 1 : 0;
                unknown += backend.Health == Backends.BackendHealth.Unknown ? 1 : 0;
                draining += backend.IsDraining ? 1 : 0;
                inFlight += backend.InFlight;
                requests += backend.State.Requests;
                failures += backend.State.Failures;
                pinned += service.Affinity is null ? 0 : backend.State.PinnedClients.Estimate(now);
            }
        }

        return new OverviewModel(
            s_version,
            _startedAt,
            now,
            snapshot.Generation,
            snapshot.Generation == 0 ? null : snapshot.CreatedAt,
            snapshot.Services.Count,
            new BackendCountsModel(total, healthy, unhealthy, unknown, draining),
            inFlight,
            requests,
            failures,
            pinned,
            snapshot.Errors,
            Providers());
    }

    public IReadOnlyList<ServiceModel> Services()
    {
        var snapshot = _state.Current;
        var now = _timeProvider.GetUtcNow();
        var services = new List<ServiceModel>(snapshot.Services.Count);
        foreach (var service in snapshot.Services.Values.OrderBy(static service => service.Name, StringComparer.Ordinal))
        {
            services.Add(ApiModelBuilder.Service(snapshot, service, now));
        }

        return services;
    }

    public IReadOnlyList<ProviderModel> Providers() => [.. _providers.Current.Select(ApiModelBuilder.Provider)];

    private Task OverviewAsync(HttpContext context) => WriteAsync(context, Overview(), AdminJsonContext.Default.OverviewModel);

    private Task ServicesAsync(HttpContext context) => WriteAsync(context, Services(), AdminJsonContext.Default.IReadOnlyListServiceModel);

    private Task ServiceAsync(HttpContext context)
    {
        var name = context.Request.RouteValues["name"] as string ?? string.Empty;
        var snapshot = _state.Current;
        return snapshot.Services.TryGetValue(name, out var service)
            ? WriteAsync(context, ApiModelBuilder.Service(snapshot, service, _timeProvider.GetUtcNow()), AdminJsonContext.Default.ServiceModel)
            : WriteAsync(context, new ErrorModel($"no service named '{name}'"), AdminJsonContext.Default.ErrorModel, StatusCodes.Status404NotFound);
    }

    private Task RoutesAsync(HttpContext context) =>
        WriteAsync<IReadOnlyList<RouteModel>>(context, ApiModelBuilder.Routes(_state.Current), AdminJsonContext.Default.IReadOnlyListRouteModel);

    private Task ProvidersAsync(HttpContext context) => WriteAsync(context, Providers(), AdminJsonContext.Default.IReadOnlyListProviderModel);

    // The one write operation: start draining a backend (no new clients, pinned ones until the drain
    // timeout), e.g. before taking its host down. Only with admin authentication configured, so an
    // open admin port stays read-only.
    private Task DrainAsync(HttpContext context)
    {
        if (!context.RequestServices.GetRequiredService<AdminAuthentication>().Enabled)
        {
            return WriteAsync(context, new ErrorModel("write operations need admin authentication: set Sticky:Host:AdminToken or AdminUser and AdminPassword"), AdminJsonContext.Default.ErrorModel, StatusCodes.Status403Forbidden);
        }

        var name = context.Request.RouteValues["name"] as string ?? string.Empty;
        var backend = context.Request.Query["backend"].ToString();
        if (backend.Length == 0)
        {
            return WriteAsync(context, new ErrorModel("name the backend to drain: ?backend=<id>, e.g. ?backend=http://10.0.0.5:8000"), AdminJsonContext.Default.ErrorModel, StatusCodes.Status400BadRequest);
        }

        if (!_state.Drain(name, backend))
        {
            return WriteAsync(context, new ErrorModel($"service '{name}' has no backend '{backend}'"), AdminJsonContext.Default.ErrorModel, StatusCodes.Status404NotFound);
        }

        context.Response.StatusCode = StatusCodes.Status202Accepted;
        return Task.CompletedTask;
    }

    private Task ChangesAsync(HttpContext context) => WriteAsync(context, _changes.Changes, AdminJsonContext.Default.IReadOnlyListRoutingChange);

    private static Task WriteAsync<T>(HttpContext context, T value, JsonTypeInfo<T> typeInfo, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsJsonAsync(value, typeInfo, contentType: "application/json; charset=utf-8", context.RequestAborted);
    }
}
