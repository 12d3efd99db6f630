// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Backends;
using Sticky.Diagnostics;
using Sticky.Proxy;

namespace Sticky.Host.Admin.Api;

/// <summary>Turns a routing snapshot and the live backend state into API models.</summary>
internal static class ApiModelBuilder
{
    public static ServiceModel Service(RoutingSnapshot snapshot, ServiceRuntime service, DateTimeOffset now)
    {
        var backends = new BackendModel[service.Backends.Length];
        var inFlight = 0;
        var requests = 0L;
        var failures = 0L;
        var pinned = 0;
        for (var i = 0; i < backends.Length; i++)
        {
            var backend = Backend(service.Backends[i], service.Affinity is not null, now);
            backends[i] = backend;
            inFlight += backend.InFlight;
            requests += backend.Requests;
            failures += backend.Failures;
            pinned += backend.PinnedClients;
        }

        return new ServiceModel(
            service.Name,
            service.ProviderName,
            string.IsNullOrWhiteSpace(service.Config.Rule) ? null : service.Config.Rule,
            EffectivePriority(snapshot, service),
            service.PolicyName,
            service.Affinity is not null,
            service.Affinity is null ? null : Cookie(service.Affinity.CookieName, service.Config.Affinity!),
            service.Config.HealthCheck is { } check ? HealthCheck(check) : null,
            inFlight,
            requests,
            failures,
            pinned,
            backends);
    }

    public static BackendModel Backend(Backend backend, bool sticky, DateTimeOffset now) => new(
        backend.Id,
        backend.Config.Url,
        backend.Name,
        backend.Weight,
        HealthNames.Of(backend.Health),
        backend.IsDraining,
        backend.AcceptsNewClients,
        backend.InFlight,
        backend.State.Requests,
        backend.State.Failures,
        sticky ? backend.State.PinnedClients.Estimate(now) : 0);

    public static RouteModel[] Routes(RoutingSnapshot snapshot)
    {
        var entries = snapshot.Routes.Entries;
        var routes = new RouteModel[entries.Count];
        for (var i = 0; i < routes.Length; i++)
        {
            var entry = entries[i];
            routes[i] = new RouteModel(i + 1, string.IsNullOrWhiteSpace(entry.Rule) ? null : entry.Rule, entry.Priority, entry.Target.Name, entry.Target.ProviderName);
        }

        return routes;
    }

    public static ProviderModel Provider(ProviderStatus status) =>
        new(status.Name, status.UpdatedAt, status.Error, status.Services, status.Refreshes, status.Errors);

    private static CookieModel Cookie(string name, Affinity.AffinityCookieConfig config) => new(
        name,
        string.IsNullOrEmpty(config.Path) ? null : config.Path,
        string.IsNullOrEmpty(config.Domain) ? null : config.Domain,
        config.HttpOnly,
        config.Secure,
        config.SameSite switch
        {
            Microsoft.AspNetCore.Http.SameSiteMode.Lax => "lax",
            Microsoft.AspNetCore.Http.SameSiteMode.Strict => "strict",
            Microsoft.AspNetCore.Http.SameSiteMode.None => "none",
            _ => "unspecified",
        },
        config.MaxAge is { } maxAge && maxAge >= TimeSpan.FromSeconds(1) ? (long)maxAge.TotalSeconds : null);

    private static HealthCheckModel HealthCheck(Health.HealthCheckConfig check) => new(
        check.Path,
        check.Interval.TotalSeconds,
        check.Timeout.TotalSeconds,
        check.Port,
        check.Scheme,
        check.Hostname,
        check.ExpectedStatus);

    // The route table holds the priority the router uses: the configured one, or the rule length.
    private static int EffectivePriority(RoutingSnapshot snapshot, ServiceRuntime service)
    {
        foreach (var entry in snapshot.Routes.Entries)
        {
            if (ReferenceEquals(entry.Target, service))
            {
                return entry.Priority;
            }
        }

        return service.Config.Priority;
    }
}
