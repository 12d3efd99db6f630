// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Client.Models;

/// <summary>One entry of <c>GET /networks</c>.</summary>
internal sealed record DockerNetwork
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    public string? Driver { get; init; }

    public string? Scope { get; init; }

    public bool Attachable { get; init; }

    /// <summary>Whether this is the routing-mesh network, which Sticky never picks on its own.</summary>
    public bool Ingress { get; init; }
}
