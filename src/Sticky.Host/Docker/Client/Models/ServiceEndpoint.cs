// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Client.Models;

/// <summary>The endpoint of a swarm service: its virtual IPs, one per network.</summary>
internal sealed record ServiceEndpoint
{
    public List<EndpointVirtualIP>? VirtualIPs { get; init; }
}
