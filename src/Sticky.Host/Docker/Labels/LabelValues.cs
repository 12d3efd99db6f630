// Licensed under the MIT License. See LICENSE in the repository root.

using System.Globalization;
using Sticky.Balancing;

namespace Sticky.Host.Docker.Labels;

/// <summary>Parsers for label values, lenient in the ways Traefik is (Go booleans and durations).</summary>
internal static class LabelValues
{
    /// <summary>Go's <c>strconv.ParseBool</c>: 1, t, T, TRUE, true, True and their false twins.</summary>
    public static bool TryParseBool(string value, out bool result)
    {
        switch (value.Trim())
        {
            case "1" or "t" or "T" or "true" or "TRUE" or "True":
                result = true;
                return true;
            case "0" or "f" or "F" or "false" or "FALSE" or "False":
                result = false;
                return true;
            default:
                result = false;
                return false;
        }
    }

    /// <summary>
    /// A Go duration (<c>30s</c>, <c>1m30s</c>, <c>500ms</c>, <c>1.5h</c>) or a bare number of seconds, as
    /// Traefik accepts both.
    /// </summary>
    public static bool TryParseDuration(string value, out TimeSpan result)
    {
        result = TimeSpan.Zero;
        var text = value.Trim();
        if (text.Length == 0)
        {
            return false;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            if (seconds > TimeSpan.MaxValue.TotalSeconds)
            {
                return false;
            }

            result = TimeSpan.FromSeconds(seconds);
            return true;
        }

        double totalTicks = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (i == start || !double.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < text.Length && !char.IsAsciiDigit(text[i]) && text[i] != '.')
            {
                i++;
            }

            var ticksPerUnit = UnitTicks(text.AsSpan(unitStart, i - unitStart));
            if (ticksPerUnit <= 0)
            {
                return false;
            }

            totalTicks += number * ticksPerUnit;
        }

        if (totalTicks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        result = TimeSpan.FromTicks((long)totalTicks);
        return true;
    }

    public static bool TryParseSameSite(string value, out SameSiteMode mode)
    {
        switch (value.Trim().ToLowerInvariant())
        {
            case "none":
                mode = SameSiteMode.None;
                return true;
            case "lax":
                mode = SameSiteMode.Lax;
                return true;
            case "strict":
                mode = SameSiteMode.Strict;
                return true;
            case "" or "default" or "unspecified":
                mode = SameSiteMode.Unspecified;
                return true;
            default:
                mode = SameSiteMode.Unspecified;
                return false;
        }
    }

    /// <summary>Maps a policy name (Sticky's, or Traefik v1's <c>wrr</c>/<c>drr</c>) to a Sticky policy.</summary>
    public static bool TryParsePolicy(string value, out string policy)
    {
        switch (value.Trim().ToLowerInvariant())
        {
            case "wrr" or "weightedroundrobin" or "roundrobin":
                policy = LoadBalancingPolicies.WeightedRoundRobin;
                return true;

            // Traefik's drr shifts weight towards the fastest servers; fewest requests in flight is the
            // closest thing Sticky has.
            case "drr" or "p2c" or "poweroftwochoices" or "leastrequests":
                policy = LoadBalancingPolicies.PowerOfTwoChoices;
                return true;
            default:
                policy = string.Empty;
                return false;
        }
    }

    private static double UnitTicks(ReadOnlySpan<char> unit) => unit switch
    {
        "ns" => 1.0 / TimeSpan.NanosecondsPerTick,
        "us" or "µs" or "μs" => TimeSpan.TicksPerMicrosecond,
        "ms" => TimeSpan.TicksPerMillisecond,
        "s" => TimeSpan.TicksPerSecond,
        "m" => TimeSpan.TicksPerMinute,
        "h" => TimeSpan.TicksPerHour,
        _ => 0,
    };
}
