// Licensed under the MIT License. See LICENSE in the repository root.

using System.Globalization;

namespace Sticky.Utilities;

/// <summary>
/// Parses durations as users write them in Traefik labels (<c>10s</c>, <c>500ms</c>, <c>1m30s</c>, <c>2h</c>),
/// as bare seconds (<c>30</c>, which Traefik v1 accepts) and as .NET time spans (<c>00:00:30</c>).
/// </summary>
internal static class Durations
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        if (long.TryParse(span, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            if (seconds > (long)TimeSpan.MaxValue.TotalSeconds)
            {
                return false;
            }

            value = TimeSpan.FromSeconds(seconds);
            return true;
        }

        if (span.Contains(':') && TimeSpan.TryParse(span, CultureInfo.InvariantCulture, out value))
        {
            return value >= TimeSpan.Zero;
        }

        return TryParseGo(span, out value);
    }

    // Go's time.ParseDuration subset: a sequence of <number><unit> with units ns, us, ms, s, m, h.
    private static bool TryParseGo(ReadOnlySpan<char> span, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        double totalTicks = 0;
        while (!span.IsEmpty)
        {
            var digits = 0;
            while (digits < span.Length && (char.IsAsciiDigit(span[digits]) || span[digits] == '.'))
            {
                digits++;
            }

            var units = digits;
            // Go also accepts the micro sign (U+00B5) and the Greek mu (U+03BC) for microseconds.
            while (units < span.Length && (char.IsAsciiLetter(span[units]) || span[units] is 'µ' or 'μ'))
            {
                units++;
            }

            if (digits == 0 || units == digits
                || !double.TryParse(span[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            double ticksPerUnit = span[digits..units] switch
            {
                "ns" => 0.01,
                "us" or "µs" or "μs" => TimeSpan.TicksPerMicrosecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => -1,
            };
            if (ticksPerUnit < 0)
            {
                return false;
            }

            totalTicks += number * ticksPerUnit;
            span = span[units..];
        }

        if (totalTicks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)totalTicks);
        return true;
    }
}
