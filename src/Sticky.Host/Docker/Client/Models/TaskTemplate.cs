// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Client.Models;

/// <summary>The part of a service's task template Sticky reads: the networks its tasks join.</summary>
internal sealed record TaskTemplate
{
    public List<NetworkAttachmentConfig>? Networks { get; init; }
}
