// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Client.Models;

/// <summary>The answer of <c>GET /version</c>.</summary>
internal sealed record DockerVersion
{
    public string? Version { get; init; }

    public string? ApiVersion { get; init; }

    public string? MinAPIVersion { get; init; }

    public string? Os { get; init; }

    public string? Arch { get; init; }
}
