// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Client.Models;

/// <summary>The configuration of a container: its hostname and labels.</summary>
internal sealed record ContainerConfig
{
    public string? Hostname { get; init; }

    public Dictionary<string, string>? Labels { get; init; }
}
