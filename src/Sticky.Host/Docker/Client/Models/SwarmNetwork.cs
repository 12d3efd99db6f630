// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Client.Models;

/// <summary>A network as a task attachment describes it.</summary>
internal sealed record SwarmNetwork
{
    public string? ID { get; init; }

    public SwarmNetworkSpec? Spec { get; init; }
}
