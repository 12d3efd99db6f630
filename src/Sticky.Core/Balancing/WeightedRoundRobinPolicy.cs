// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Backends;

namespace Sticky.Balancing;

/// <summary>Smooth weighted round-robin over a precomputed cycle.</summary>
internal sealed class WeightedRoundRobinPolicy : ILoadBalancingPolicy
{
    public string Name => LoadBalancingPolicies.WeightedRoundRobin;

    public IBackendSelector CreateSelector(IReadOnlyList<Backend> backends)
    {
        ArgumentNullException.ThrowIfNull(backends);

        // Draining and zero-weight backends take no new clients, so they have no slot in the cycle.
        var weights = new int[backends.Count];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = backends[i].IsDraining ? 0 : backends[i].Weight;
        }

        var schedule = SmoothWeightedSchedule.Build(weights);

        // A random start offset per balancer instance, so replicas started together do not all send
        // their first clients to the same backend.
        var start = schedule.Length == 0 ? 0 : Random.Shared.NextInt64(schedule.Length);
        return new WeightedRoundRobinSelector(backends, schedule, start);
    }
}
