// Licensed under the MIT License. See LICENSE in the repository root.


namespace Sticky.Host.Configuration;

/// <summary>Accepts Traefik's level names (DEBUG, INFO, WARN, ERROR, FATAL, PANIC) and .NET's.</summary>
internal static class LogLevels
{
    public static bool TryParse(string? text, out LogLevel level)
    {
        level = (text ?? string.Empty).Trim().ToUpperInvariant() switch
        {
            "TRACE" => LogLevel.Trace,
            "DEBUG" => LogLevel.Debug,
            "INFO" or "INFORMATION" => LogLevel.Information,
            "WARN" or "WARNING" => LogLevel.Warning,
            "ERROR" => LogLevel.Error,
            "FATAL" or "PANIC" or "CRITICAL" => LogLevel.Critical,
            "NONE" => LogLevel.None,
            _ => (LogLevel)(-1),
        };
        return level >= 0;
    }
}
