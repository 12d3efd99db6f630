// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Backends;

/// <summary>The health of a backend as the active and passive checks see it.</summary>
public enum BackendHealth
{
    /// <summary>Not probed yet, or no health check is configured. Treated as healthy.</summary>
    Unknown,

    /// <summary>The last checks succeeded.</summary>
    Healthy,

    /// <summary>The backend failed its checks and receives no traffic.</summary>
    Unhealthy,
}
