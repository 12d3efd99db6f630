// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Client.Models;

/// <summary>One entry of <c>GET /containers/json</c>.</summary>
internal sealed record ContainerSummary
{
    public required string Id { get; init; }

    public List<string>? Names { get; init; }

    public string? Image { get; init; }

    public string? State { get; init; }

    public Dictionary<string, string>? Labels { get; init; }

    public List<ContainerPort>? Ports { get; init; }

    public ContainerNetworkSettings? NetworkSettings { get; init; }
}
