// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker.Discovery;

/// <summary>A network a service or container is attached to.</summary>
/// <param name="Id">The network ID.</param>
/// <param name="Name">The network name (stack networks carry the stack prefix: <c>mystack_backend</c>).</param>
/// <param name="Ingress">Whether it is the routing-mesh network, which is never chosen automatically.</param>
internal sealed record NetworkRef(string Id, string Name, bool Ingress = false)
{
    /// <summary>Whether <paramref name="nameOrId"/> names this network: its name, its ID, or an ID prefix of 12+ characters.</summary>
    public bool Matches(string nameOrId) =>
        string.Equals(Name, nameOrId, StringComparison.Ordinal)
        || string.Equals(Id, nameOrId, StringComparison.Ordinal)
        || (nameOrId.Length >= 12 && Id.StartsWith(nameOrId, StringComparison.Ordinal));
}
