// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Host.Docker;
using Sticky.Utilities;

namespace Sticky.Host.Configuration;

/// <summary>
/// Reads section <c>Sticky:Docker</c> (what <c>--docker</c>, <c>--docker.swarmmode</c>, <c>--docker.watch</c>,
/// <c>--docker.endpoint</c>, <c>--docker.exposedbydefault</c> and <c>--docker.network</c> set) into provider
/// options, with an error per bad value instead of a binder exception.
/// </summary>
internal static class DockerSettings
{
    public const string SectionName = "Sticky:Docker";

    public static DockerProviderOptions? Read(IConfiguration configuration, List<string> errors)
    {
        var section = configuration.GetSection(SectionName);
        if (!ReadBool(section, "Enabled", false, errors))
        {
            return null;
        }

        var defaults = new DockerProviderOptions();
        return new DockerProviderOptions
        {
            Endpoint = NullIfEmpty(section["Endpoint"]),
            TlsCertPath = NullIfEmpty(section["TlsCertPath"]),
            TlsVerify = section["TlsVerify"] is null ? null : ReadBool(section, "TlsVerify", false, errors),
            SwarmMode = ReadBool(section, "SwarmMode", defaults.SwarmMode, errors),
            Watch = ReadBool(section, "Watch", defaults.Watch, errors),
            ExposedByDefault = ReadBool(section, "ExposedByDefault", defaults.ExposedByDefault, errors),
            Network = NullIfEmpty(section["Network"]),
            RefreshInterval = ReadDuration(section, "RefreshInterval", defaults.RefreshInterval, errors),
            EventDebounce = ReadDuration(section, "EventDebounce", defaults.EventDebounce, errors),
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static bool ReadBool(IConfigurationSection section, string key, bool fallback, List<string> errors)
    {
        var text = section[key];
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        if (!bool.TryParse(text, out var value))
        {
            errors.Add($"{section.Path}:{key}: '{text}' is not true or false");
            return fallback;
        }

        return value;
    }

    // Traefik's --docker.refreshseconds is a number of seconds; "15s" and "00:00:15" work too.
    private static TimeSpan ReadDuration(IConfigurationSection section, string key, TimeSpan fallback, List<string> errors)
    {
        var text = section[key];
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        if (!Durations.TryParse(text, out var value) || value <= TimeSpan.Zero)
        {
            errors.Add($"{section.Path}:{key}: '{text}' is not a positive duration (examples: 15, 15s, 500ms)");
            return fallback;
        }

        return value;
    }
}
