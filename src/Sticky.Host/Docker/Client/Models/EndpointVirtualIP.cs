// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Client.Models;

/// <summary>The virtual IP of a service on one network, in CIDR form (<c>10.0.1.2/24</c>).</summary>
internal sealed record EndpointVirtualIP
{
    public string? NetworkID { get; init; }

    public string? Addr { get; init; }
}
