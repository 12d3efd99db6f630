// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Client.Models;

/// <summary>One entry of <c>GET /tasks</c>.</summary>
internal sealed record SwarmTask
{
    public required string ID { get; init; }

    public string? ServiceID { get; init; }

    /// <summary>The replica slot; absent for global services.</summary>
    public int? Slot { get; init; }

    public string? NodeID { get; init; }

    public SwarmTaskStatus? Status { get; init; }

    /// <summary><c>running</c>, or <c>shutdown</c>/<c>remove</c> when the orchestrator is retiring the task.</summary>
    public string? DesiredState { get; init; }

    public List<TaskNetworkAttachment>? NetworksAttachments { get; init; }
}
