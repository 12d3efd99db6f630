// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Discovery;

/// <summary>The container the balancer itself runs in, found through <c>HOSTNAME</c>.</summary>
/// <param name="Id">The full container ID.</param>
/// <param name="NetworkIds">The IDs of the networks it is attached to.</param>
internal sealed record OwnContainer(string Id, IReadOnlySet<string> NetworkIds);
