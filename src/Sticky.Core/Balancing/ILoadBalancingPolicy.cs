// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Backends;

namespace Sticky.Balancing;

/// <summary>
/// A named load-balancing strategy. Register implementations as singletons of this interface; a service
/// chooses one through <see cref="ServiceConfig.LoadBalancingPolicy"/>.
/// </summary>
public interface ILoadBalancingPolicy
{
    /// <summary>The name services use to select this policy (case-insensitive).</summary>
    string Name { get; }

    /// <summary>
    /// Builds the selector for one service of a new routing snapshot. Precompute here whatever makes
    /// <see cref="IBackendSelector.Pick"/> cheap: this runs once per configuration change, not per request.
    /// </summary>
    /// <param name="backends">All backends of the service, in a stable order, including draining and zero-weight ones.</param>
    IBackendSelector CreateSelector(IReadOnlyList<Backend> backends);
}
