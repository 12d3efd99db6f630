// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Affinity;
using Sticky.Health;

namespace Sticky.Host.Docker.Labels;

/// <summary>What the labels of one Swarm service (or container) say, before its backends are known.</summary>
internal sealed record ServiceLabels
{
    public required LabelDialect Dialect { get; init; }

    /// <summary>The backend port; <see langword="null"/> when no label sets it.</summary>
    public int? Port { get; init; }

    /// <summary>The label that sets the port in this dialect, for messages.</summary>
    public required string PortLabel { get; init; }

    /// <summary><c>http</c> or <c>https</c>.</summary>
    public string Scheme { get; init; } = "http";

    public string? Rule { get; init; }

    /// <summary>The label the rule came from, for messages.</summary>
    public string? RuleLabel { get; init; }

    public int Priority { get; init; }

    /// <summary>The weight of every task of the service.</summary>
    public int Weight { get; init; } = 1;

    /// <summary>The network named by a label, or <see langword="null"/>.</summary>
    public string? Network { get; init; }

    /// <summary>The label that names the network in this dialect, for messages.</summary>
    public required string NetworkLabel { get; init; }

    /// <summary>Send to the service's virtual IP instead of its tasks (Traefik's <c>loadbalancer.swarm</c>).</summary>
    public bool UseSwarmLoadBalancer { get; init; }

    public AffinityCookieConfig? Affinity { get; init; }

    public HealthCheckConfig? HealthCheck { get; init; }

    public string? LoadBalancingPolicy { get; init; }

    /// <summary>Standalone mode: the name that groups containers into one service, when a label sets it.</summary>
    public string? ServiceName { get; init; }
}
