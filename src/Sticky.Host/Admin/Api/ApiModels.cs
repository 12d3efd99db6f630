// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Admin.Api;

// The admin API's response shapes. Field names are part of the API (docs/api.md): rename nothing.

/// <summary><c>GET /api/overview</c>: the whole balancer at a glance.</summary>
internal sealed record OverviewModel(
    string Version,
    DateTimeOffset StartedAt,
    DateTimeOffset Now,
    long Generation,
    DateTimeOffset? UpdatedAt,
    int Services,
    BackendCountsModel Backends,
    int InFlight,
    long Requests,
    long Failures,
    int PinnedClients,
    IReadOnlyList<string> Errors,
    IReadOnlyList<ProviderModel> Providers);

/// <summary>Backends by state; <c>total</c> counts each backend once.</summary>
internal sealed record BackendCountsModel(int Total, int Healthy, int Unhealthy, int Unknown, int Draining);

/// <summary>One service with its backends.</summary>
internal sealed record ServiceModel(
    string Name,
    string Provider,
    string? Rule,
    int Priority,
    string Policy,
    bool Sticky,
    CookieModel? Cookie,
    HealthCheckModel? HealthCheck,
    int InFlight,
    long Requests,
    long Failures,
    int PinnedClients,
    IReadOnlyList<BackendModel> Backends);

/// <summary>One backend and its live counters.</summary>
internal sealed record BackendModel(
    string Id,
    string Url,
    string Name,
    int Weight,
    string Health,
    bool Draining,
    bool AcceptsNewClients,
    int InFlight,
    long Requests,
    long Failures,
    int PinnedClients);

/// <summary>The affinity cookie of a sticky service.</summary>
internal sealed record CookieModel(string Name, string? Path, string? Domain, bool HttpOnly, bool Secure, string SameSite, long? MaxAgeSeconds);

/// <summary>The active health check of a service.</summary>
internal sealed record HealthCheckModel(string Path, double IntervalSeconds, double TimeoutSeconds, int? Port, string? Scheme, string? Hostname, int? ExpectedStatus);

/// <summary>One route in match order.</summary>
internal sealed record RouteModel(int Order, string? Rule, int Priority, string Service, string Provider);

/// <summary>One provider and its refresh history.</summary>
internal sealed record ProviderModel(string Name, DateTimeOffset? UpdatedAt, string? Error, int Services, long Refreshes, long Errors);

/// <summary>An API error.</summary>
internal sealed record ErrorModel(string Error);
