// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Client.Models;

/// <summary>The observed state of a task.</summary>
internal sealed record SwarmTaskStatus
{
    /// <summary><c>new</c>, <c>pending</c>, ..., <c>running</c>, <c>complete</c>, <c>failed</c>, <c>shutdown</c>, ...</summary>
    public string? State { get; init; }

    public string? Message { get; init; }

    public string? Err { get; init; }

    /// <summary>RFC 3339 with nanoseconds; kept as text because it is only displayed.</summary>
    public string? Timestamp { get; init; }

    public TaskContainerStatus? ContainerStatus { get; init; }
}
