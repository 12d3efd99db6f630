// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Client.Models;

/// <summary>One line of the <c>GET /events</c> stream.</summary>
internal sealed record DockerEvent
{
    /// <summary><c>container</c>, <c>service</c>, <c>network</c>, ...</summary>
    public string? Type { get; init; }

    /// <summary><c>start</c>, <c>die</c>, <c>update</c>, <c>connect</c>, ...</summary>
    public string? Action { get; init; }

    public EventActor? Actor { get; init; }

    /// <summary><c>local</c> or <c>swarm</c>.</summary>
    public string? Scope { get; init; }

    public long Time { get; init; }

    public long TimeNano { get; init; }
}
