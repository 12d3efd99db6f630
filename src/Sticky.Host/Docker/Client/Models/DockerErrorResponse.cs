// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Client.Models;

/// <summary>The body of an Engine API error.</summary>
internal sealed record DockerErrorResponse
{
    public string? Message { get; init; }
}
