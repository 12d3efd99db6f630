// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Client.Models;

/// <summary>The name and kind of a swarm network.</summary>
internal sealed record SwarmNetworkSpec
{
    public string? Name { get; init; }

    public bool Ingress { get; init; }
}
