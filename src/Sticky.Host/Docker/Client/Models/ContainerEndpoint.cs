// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Client.Models;

/// <summary>A container's endpoint on one network.</summary>
internal sealed record ContainerEndpoint
{
    public string? NetworkID { get; init; }

    public string? IPAddress { get; init; }
}
