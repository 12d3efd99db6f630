// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Labels;

/// <summary>
/// Sticky's own labels, <c>sticky.*</c>. Unlike the Traefik dialects, sticky sessions are on unless
/// <c>sticky.sticky=false</c>: a service that asks for Sticky by name wants them.
/// </summary>
internal static class NativeLabels
{
    public const string Prefix = "sticky.";
    public const string Enable = "sticky.enable";
    public const string Port = "sticky.port";
    public const string Scheme = "sticky.scheme";
    public const string Rule = "sticky.rule";
    public const string Priority = "sticky.priority";
    public const string Weight = "sticky.weight";
    public const string Network = "sticky.network";
    public const string DockerNetwork = "sticky.docker.network";
    public const string Sticky = "sticky.sticky";
    public const string CookiePrefix = "sticky.cookie.";
    public const string HealthCheckPrefix = "sticky.healthcheck.";
    public const string Policy = "sticky.loadbalancer.policy";
    public const string SwarmLoadBalancer = "sticky.loadbalancer.swarm";
    public const string Service = "sticky.service";

    private static readonly HashSet<string> s_known = new(
        new[] { Enable, Port, Scheme, Rule, Priority, Weight, Network, DockerNetwork, Sticky, Policy, SwarmLoadBalancer, Service }
            .Concat(SharedLabels.CookieSuffixes.Select(static s => CookiePrefix + s))
            .Concat(SharedLabels.HealthCheckSuffixes.Select(static s => HealthCheckPrefix + s)),
        StringComparer.OrdinalIgnoreCase);

    public static ServiceLabels Read(LabelReader reader)
    {
        foreach (var key in reader.Keys)
        {
            if (key.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && !s_known.Contains(key))
            {
                // Most likely a typo (sticky.prot); naming it saves a debugging session.
                reader.Warn($"unknown label {key} is ignored");
            }
        }

        var network = reader.String(Network);
        var networkLabel = Network;
        if (network is null && reader.String(DockerNetwork) is { } alias)
        {
            network = alias;
            networkLabel = DockerNetwork;
        }

        var sticky = reader.Bool(Sticky) ?? true;
        return new ServiceLabels
        {
            Dialect = LabelDialect.Native,
            Port = reader.Port(Port),
            PortLabel = Port,
            Scheme = reader.Scheme(Scheme) ?? "http",
            Rule = reader.String(Rule),
            RuleLabel = Rule,
            Priority = reader.Int(Priority, int.MinValue, int.MaxValue) ?? 0,
            Weight = reader.Int(Weight, 0, 1_000_000) ?? 1,
            Network = network,
            NetworkLabel = networkLabel,
            UseSwarmLoadBalancer = reader.Bool(SwarmLoadBalancer) ?? false,
            Affinity = sticky ? SharedLabels.ReadCookie(reader, CookiePrefix) : null,
            HealthCheck = SharedLabels.ReadHealthCheck(reader, HealthCheckPrefix, defaultInterval: null),
            LoadBalancingPolicy = reader.Policy(Policy),
            ServiceName = reader.String(Service),
        };
    }
}
