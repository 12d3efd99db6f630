// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Client.Models;

/// <summary>One entry of <c>GET /services</c>.</summary>
internal sealed record SwarmService
{
    public required string ID { get; init; }

    public ServiceSpec? Spec { get; init; }

    public ServiceEndpoint? Endpoint { get; init; }

    /// <summary>Present while (or after) a rolling update runs: <c>updating</c>, <c>completed</c>, <c>rollback_started</c>…</summary>
    public ServiceUpdateStatus? UpdateStatus { get; init; }
}

/// <summary>The <c>UpdateStatus</c> of a service.</summary>
internal sealed record ServiceUpdateStatus
{
    public string? State { get; init; }
}
