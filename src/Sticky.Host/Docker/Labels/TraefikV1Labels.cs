// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Affinity;

namespace Sticky.Host.Docker.Labels;

/// <summary>
/// Traefik v1 labels, as the tutorial uses them. Defaults follow Traefik v1 except the frontend rule:
/// Traefik's default <c>Host:&lt;service&gt;.&lt;domain&gt;</c> needs a domain Sticky does not have, so a
/// service without a rule matches every request, with the lowest priority.
/// </summary>
internal static class TraefikV1Labels
{
    public const string Enable = "traefik.enable";
    public const string Port = "traefik.port";
    public const string Protocol = "traefik.protocol";
    public const string Network = "traefik.docker.network";
    public const string FrontendRule = "traefik.frontend.rule";
    public const string FrontendPriority = "traefik.frontend.priority";
    public const string Weight = "traefik.weight";
    public const string Backend = "traefik.backend";
    public const string Method = "traefik.backend.loadbalancer.method";
    public const string Stickiness = "traefik.backend.loadbalancer.stickiness";
    public const string StickinessCookieName = "traefik.backend.loadbalancer.stickiness.cookieName";
    public const string StickyDeprecated = "traefik.backend.loadbalancer.sticky";
    public const string SwarmLoadBalancer = "traefik.backend.loadbalancer.swarm";
    public const string HealthCheckPrefix = "traefik.backend.healthcheck.";

    /// <summary>Traefik v1's health check interval when none is set.</summary>
    public static readonly TimeSpan DefaultHealthCheckInterval = TimeSpan.FromSeconds(30);

    public static ServiceLabels Read(LabelReader reader)
    {
        var stickiness = reader.Bool(Stickiness);
        var deprecatedSticky = reader.Bool(StickyDeprecated);
        if (deprecatedSticky is not null)
        {
            reader.Warn($"{StickyDeprecated} is deprecated since Traefik 1.5; use {Stickiness}");
        }

        var cookieName = reader.String(StickinessCookieName);
        var sticky = stickiness ?? deprecatedSticky ?? false;
        if (!sticky && cookieName is not null)
        {
            reader.Warn($"{StickinessCookieName} is ignored because {Stickiness} is not true");
        }

        var healthCheck = SharedLabels.ReadHealthCheck(reader, HealthCheckPrefix, DefaultHealthCheckInterval, statusSupported: false);
        if (healthCheck is not null && healthCheck.Timeout > healthCheck.Interval)
        {
            reader.Warn($"{HealthCheckPrefix}timeout is longer than the interval");
        }

        return new ServiceLabels
        {
            Dialect = LabelDialect.TraefikV1,
            Port = reader.Port(Port),
            PortLabel = Port,
            Scheme = reader.Scheme(Protocol) ?? "http",
            Rule = reader.String(FrontendRule),
            RuleLabel = FrontendRule,
            Priority = reader.Int(FrontendPriority, int.MinValue, int.MaxValue) ?? 0,
            Weight = reader.Int(Weight, 0, 1_000_000) ?? 1,
            Network = reader.String(Network),
            NetworkLabel = Network,
            UseSwarmLoadBalancer = reader.Bool(SwarmLoadBalancer) ?? false,
            // Traefik v1 derives the cookie name from the backend name; Sticky.Core does the same when
            // CookieName is null, so sessions issued by Traefik survive the switch.
            Affinity = sticky ? new AffinityCookieConfig { CookieName = cookieName } : null,
            HealthCheck = healthCheck,
            LoadBalancingPolicy = reader.Policy(Method),
            ServiceName = reader.String(Backend),
        };
    }
}
