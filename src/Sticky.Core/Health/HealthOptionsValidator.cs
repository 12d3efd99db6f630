// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Options;
using Sticky.Configuration;

namespace Sticky.Health;

/// <summary>Validates <see cref="StickyOptions.Health"/>; runs next to the other validators of <see cref="StickyOptions"/>.</summary>
internal sealed class HealthOptionsValidator : IValidateOptions<StickyOptions>
{
    internal const int MaxRetriesLimit = 10;
    internal const double MaxJitter = 0.5;
    private const string Section = HealthOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, StickyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Validate(options.Health);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static List<string> Validate(HealthOptions? health)
    {
        var failures = new List<string>();
        if (health is null)
        {
            failures.Add($"{Section} must not be null; remove the assignment to use the defaults.");
            return failures;
        }

        AtLeast(failures, nameof(HealthOptions.UnhealthyThreshold), health.UnhealthyThreshold, 1, "consecutive failed probes");
        AtLeast(failures, nameof(HealthOptions.HealthyThreshold), health.HealthyThreshold, 1, "consecutive good probes");
        AtLeast(failures, nameof(HealthOptions.PassiveFailureThreshold), health.PassiveFailureThreshold, 0, "consecutive failed requests; 0 disables passive health");
        AtLeast(failures, nameof(HealthOptions.ProbationSuccesses), health.ProbationSuccesses, 1, "successful requests");
        Positive(failures, nameof(HealthOptions.ProbeConnectTimeout), health.ProbeConnectTimeout);
        Positive(failures, nameof(HealthOptions.EjectionPeriod), health.EjectionPeriod);
        if (health.MaxEjectionPeriod < health.EjectionPeriod)
        {
            failures.Add($"{Section}:MaxEjectionPeriod ({health.MaxEjectionPeriod}) must not be shorter than {Section}:EjectionPeriod ({health.EjectionPeriod}).");
        }

        if (!(health.ProbeJitter is >= 0 and <= MaxJitter))
        {
            failures.Add($"{Section}:ProbeJitter must be a fraction of the interval between 0 and {MaxJitter} (it is {health.ProbeJitter}).");
        }

        if (health.MaxRetries is < 0 or > MaxRetriesLimit)
        {
            failures.Add($"{Section}:MaxRetries must be between 0 and {MaxRetriesLimit} (it is {health.MaxRetries}).");
        }

        NotNegative(failures, nameof(HealthOptions.DrainTimeout), health.DrainTimeout);
        NotNegative(failures, nameof(HealthOptions.ShutdownGracePeriod), health.ShutdownGracePeriod);
        return failures;
    }

    private static void AtLeast(List<string> failures, string key, int value, int min, string unit)
    {
        if (value < min)
        {
            failures.Add($"{Section}:{key} must be at least {min} ({unit}); it is {value}.");
        }
    }

    private static void Positive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:{key} must be a positive duration such as 00:00:30 (it is {value}).");
        }
    }

    private static void NotNegative(List<string> failures, string key, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            failures.Add($"{Section}:{key} must not be negative (it is {value}); 0 means no wait.");
        }
    }
}
