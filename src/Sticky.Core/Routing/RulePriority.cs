// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Routing;

/// <summary>Traefik's route priority: an explicit priority, otherwise the length of the rule.</summary>
internal static class RulePriority
{
    /// <summary>
    /// <paramref name="configuredPriority"/> when it is above 0; otherwise the rule's length, so a more
    /// specific (longer) rule is tried first; 0 for a missing rule, which therefore matches last.
    /// </summary>
    public static int Compute(string? rule, int configuredPriority) =>
        configuredPriority > 0 ? configuredPriority : rule?.Length ?? 0;
}
