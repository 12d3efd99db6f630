// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Client.Models;

/// <summary>One entry of <c>GET /services</c>.</summary>
internal sealed record SwarmService
{
    public required string ID { get; init; }

    public ServiceSpec? Spec { get; init; }

    public ServiceEndpoint? Endpoint { get; init; }
}
