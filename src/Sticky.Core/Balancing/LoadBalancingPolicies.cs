// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Balancing;

/// <summary>The names of the load-balancing policies Sticky ships.</summary>
public static class LoadBalancingPolicies
{
    /// <summary>
    /// Smooth weighted round-robin (the nginx algorithm): exact shares over a cycle, interleaved without
    /// bursts. The default, and the policy Traefik calls <c>wrr</c>.
    /// </summary>
    public static string WeightedRoundRobin => nameof(WeightedRoundRobin);

    /// <summary>
    /// Power of two choices: two random candidates, the one with fewer requests in flight wins.
    /// Weights only decide eligibility (0 means none).
    /// </summary>
    public static string PowerOfTwoChoices => nameof(PowerOfTwoChoices);
}
