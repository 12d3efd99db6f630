// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Client.Models;

/// <summary>The desired state of a swarm service: its name, labels and task template.</summary>
internal sealed record ServiceSpec
{
    public string? Name { get; init; }

    public Dictionary<string, string>? Labels { get; init; }

    public TaskTemplate? TaskTemplate { get; init; }
}
