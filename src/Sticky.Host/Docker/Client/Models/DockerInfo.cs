// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Client.Models;

/// <summary>The part of <c>GET /info</c> Sticky reads.</summary>
internal sealed record DockerInfo
{
    public string? ID { get; init; }

    public string? Name { get; init; }

    public string? ServerVersion { get; init; }

    public SwarmInfo? Swarm { get; init; }
}
