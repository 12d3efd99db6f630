// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Backends;

namespace Sticky.Diagnostics;

/// <summary>The lower-case names of <see cref="BackendHealth"/> used in metrics and the API.</summary>
internal static class HealthNames
{
    public const string Healthy = "healthy";
    public const string Unhealthy = "unhealthy";
    public const string Unknown = "unknown";

    public static string Of(BackendHealth health) => health switch
    {
        BackendHealth.Healthy => Healthy,
        BackendHealth.Unhealthy => Unhealthy,
        _ => Unknown,
    };
}
