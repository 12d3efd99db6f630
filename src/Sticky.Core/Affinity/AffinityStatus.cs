// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Affinity;

/// <summary>What the affinity cookie of a request said.</summary>
internal enum AffinityStatus
{
    /// <summary>The request carries no affinity cookie: pick a backend with the load balancer and issue the cookie.</summary>
    None,

    /// <summary>Sticky's own cookie names an available backend: forward there, the cookie stays as it is.</summary>
    Hit,

    /// <summary>A cookie issued by Traefik names an available backend: forward there and re-issue the cookie in Sticky's format.</summary>
    LegacyHit,

    /// <summary>
    /// A cookie is present but its backend is gone or unavailable: the result's backend is the deterministic
    /// rendezvous choice for the old value (or <see langword="null"/> when no backend takes new clients); issue
    /// the cookie for the backend that serves the request.
    /// </summary>
    Repinned,
}
