// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Client.Models;

/// <summary>The object an event is about.</summary>
internal sealed record EventActor
{
    public string? ID { get; init; }

    public Dictionary<string, string>? Attributes { get; init; }
}
