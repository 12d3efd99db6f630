// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Http;
using Sticky.Backends;

namespace Sticky.Balancing;

/// <summary>
/// Power of two choices on in-flight requests: two random eligible backends, the less busy one wins.
/// It adapts to slow backends where round-robin cannot, at the price of ignoring weights above 1.
/// </summary>
internal sealed class PowerOfTwoChoicesPolicy : ILoadBalancingPolicy
{
    public string Name => LoadBalancingPolicies.PowerOfTwoChoices;

    public IBackendSelector CreateSelector(IReadOnlyList<Backend> backends)
    {
        ArgumentNullException.ThrowIfNull(backends);
        var eligible = new List<Backend>(backends.Count);
        foreach (var backend in backends)
        {
            if (backend.Weight > 0 && !backend.IsDraining)
            {
                eligible.Add(backend);
            }
        }

        return new Selector([.. eligible]);
    }

    private sealed class Selector(Backend[] backends) : IBackendSelector
    {
        public Backend? Pick(HttpContext? context)
        {
            switch (backends.Length)
            {
                case 0:
                    return null;
                case 1:
                    return backends[0].IsAvailable ? backends[0] : null;
            }

            var random = Random.Shared;
            // Two distinct indexes, uniformly: draw the second from the n-1 others.
            var a = random.Next(backends.Length);
            var b = random.Next(backends.Length - 1);
            if (b >= a)
            {
                b++;
            }

            var first = backends[a];
            var second = backends[b];

            if (first.IsAvailable && second.IsAvailable)
            {
                return first.InFlight <= second.InFlight ? first : second;
            }

            if (first.IsAvailable || second.IsAvailable)
            {
                return first.IsAvailable ? first : second;
            }

            // Both unhealthy: fall back to a scan so a live backend is still found.
            foreach (var backend in backends)
            {
                if (backend.IsAvailable)
                {
                    return backend;
                }
            }

            return null;
        }
    }
}
