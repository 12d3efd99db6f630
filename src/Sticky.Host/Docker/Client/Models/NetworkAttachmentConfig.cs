// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Client.Models;

/// <summary>A network a service's tasks are attached to.</summary>
internal sealed record NetworkAttachmentConfig
{
    /// <summary>The network ID (the daemon resolves names to IDs when the service is created).</summary>
    public string? Target { get; init; }

    public List<string>? Aliases { get; init; }
}
