// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Client.Models;

/// <summary>A port a container exposes, and where it is published if it is.</summary>
internal sealed record ContainerPort
{
    public int PrivatePort { get; init; }

    public int? PublicPort { get; init; }

    public string? Type { get; init; }
}
