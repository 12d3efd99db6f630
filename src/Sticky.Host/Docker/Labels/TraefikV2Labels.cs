// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Labels;

/// <summary>
/// Traefik v2/v3 labels: one router (<c>traefik.http.routers.&lt;r&gt;</c>) and one service
/// (<c>traefik.http.services.&lt;s&gt;</c>) per Docker service. Router and service names are free; when
/// there are several, the ordinal-first is used and a warning names the others.
/// </summary>
internal static class TraefikV2Labels
{
    public const string Prefix = "traefik.http.";
    public const string RoutersPrefix = "traefik.http.routers.";
    public const string ServicesPrefix = "traefik.http.services.";
    public const string Enable = "traefik.enable";
    public const string Network = "traefik.docker.network";
    public const string SwarmLoadBalancer = "traefik.docker.lbswarm";

    /// <summary>Traefik v2's health check interval when none is set.</summary>
    public static readonly TimeSpan DefaultHealthCheckInterval = TimeSpan.FromSeconds(30);

    public static ServiceLabels Read(LabelReader reader)
    {
        var router = PickName(reader, RoutersPrefix, "router");
        var service = PickName(reader, ServicesPrefix, "service");

        var routerPrefix = router is null ? null : RoutersPrefix + router + ".";
        var lb = service is null ? null : ServicesPrefix + service + ".loadbalancer.";

        string? rule = null;
        var priority = 0;
        if (routerPrefix is not null)
        {
            rule = reader.String(routerPrefix + "rule");
            priority = reader.Int(routerPrefix + "priority", int.MinValue, int.MaxValue) ?? 0;
        }

        return new ServiceLabels
        {
            Dialect = LabelDialect.TraefikV2,
            Port = lb is null ? null : reader.Port(lb + "server.port"),
            PortLabel = ServicesPrefix + (service ?? "<name>") + ".loadbalancer.server.port",
            Scheme = (lb is null ? null : reader.Scheme(lb + "server.scheme")) ?? "http",
            Rule = rule,
            RuleLabel = routerPrefix + "rule",
            Priority = priority,
            Network = reader.String(Network),
            NetworkLabel = Network,
            UseSwarmLoadBalancer = reader.Bool(SwarmLoadBalancer) ?? false,
            Affinity = lb is null ? null : ReadSticky(reader, lb),
            HealthCheck = lb is null ? null : SharedLabels.ReadHealthCheck(reader, lb + "healthcheck.", DefaultHealthCheckInterval),
        };
    }

    private static Sticky.Affinity.AffinityCookieConfig? ReadSticky(LabelReader reader, string lb)
    {
        var cookieKey = lb + "sticky.cookie";
        var prefix = cookieKey + ".";

        // As in Traefik, any cookie attribute switches stickiness on; "sticky.cookie=false" wins over them.
        var enabled = reader.Bool(cookieKey);
        if (enabled == false)
        {
            return null;
        }

        return enabled == true || SharedLabels.AnyCookieLabel(reader, prefix)
            ? SharedLabels.ReadCookie(reader, prefix)
            : null;
    }

    private static string? PickName(LabelReader reader, string prefix, string kind)
    {
        var names = reader.Keys
            .Where(k => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(k => k[prefix.Length..])
            .Select(static rest => rest.Split('.', 2)[0])
            .Where(static name => name.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (names.Count > 1)
        {
            reader.Warn($"Sticky supports one {kind} per Docker service; using {kind} '{names[0]}' and ignoring {string.Join(", ", names.Skip(1).Select(static n => $"'{n}'"))}");
        }

        return names.Count > 0 ? names[0] : null;
    }
}
