// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Client.Models;

/// <summary>The container that runs a task.</summary>
internal sealed record TaskContainerStatus
{
    public string? ContainerID { get; init; }
}
