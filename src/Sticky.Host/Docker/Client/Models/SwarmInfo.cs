// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Client.Models;

/// <summary>The swarm membership of the daemon Sticky talks to.</summary>
internal sealed record SwarmInfo
{
    public string? NodeID { get; init; }

    /// <summary><c>inactive</c>, <c>pending</c>, <c>active</c>, <c>error</c> or <c>locked</c>.</summary>
    public string? LocalNodeState { get; init; }

    /// <summary>Whether the node is a manager, the only kind that can list services and tasks.</summary>
    public bool ControlAvailable { get; init; }

    public string? Error { get; init; }
}
