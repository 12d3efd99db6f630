// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Client.Models;

/// <summary>A network a task is attached to, with the task's addresses on it in CIDR form.</summary>
internal sealed record TaskNetworkAttachment
{
    public SwarmNetwork? Network { get; init; }

    public List<string>? Addresses { get; init; }
}
