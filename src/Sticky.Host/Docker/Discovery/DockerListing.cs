// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Backends;
using Sticky.Host.Docker.Labels;

namespace Sticky.Host.Docker.Discovery;

/// <summary>One complete read of the daemon: the services Sticky routes to, and what it had to skip.</summary>
internal sealed record DockerListing
{
    public static readonly DockerListing Empty = new() { Services = [] };

    /// <summary>The routable services, sorted by name, each with its backends sorted by URL.</summary>
    public required IReadOnlyList<ServiceConfig> Services { get; init; }

    /// <summary>Services skipped because of a bad or missing label.</summary>
    public IReadOnlyList<LabelError> Errors { get; init; } = [];

    /// <summary>Things that do not stop a service but deserve the operator's attention.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>
    /// Whether some task should be running but is still starting. Its container may start on another
    /// node, whose events this daemon never sees, so the provider looks again shortly.
    /// </summary>
    public bool HasPendingTasks { get; init; }
}
