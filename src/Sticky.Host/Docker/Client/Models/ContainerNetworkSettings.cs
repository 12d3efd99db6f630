// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Client.Models;

/// <summary>The networks of a container, keyed by network name.</summary>
internal sealed record ContainerNetworkSettings
{
    public Dictionary<string, ContainerEndpoint>? Networks { get; init; }
}
