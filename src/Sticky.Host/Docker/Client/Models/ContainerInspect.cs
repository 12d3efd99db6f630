// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Client.Models;

/// <summary>The part of <c>GET /containers/{id}/json</c> Sticky reads.</summary>
internal sealed record ContainerInspect
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    public ContainerConfig? Config { get; init; }

    public ContainerNetworkSettings? NetworkSettings { get; init; }
}
