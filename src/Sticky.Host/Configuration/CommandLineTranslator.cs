// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Configuration;

/// <summary>
/// Turns Traefik v1 style flags (<c>--docker --docker.swarmmode --docker.watch --web --loglevel=DEBUG</c>,
/// as in the Swarm tutorial's <c>docker service create</c> line) into configuration keys, so Sticky's
/// image is a drop-in replacement. Everything else is left for the standard command-line provider
/// (<c>--Sticky:AffinitySecret=...</c>). <c>--file.filename</c> (v1) and <c>--providers.file.filename</c> (v2) name
/// the services file.
/// </summary>
internal static class CommandLineTranslator
{
    // flag -> (configuration key, value when the flag is given bare)
    private static readonly Dictionary<string, (string Key, string? Bare)> s_flags = new(StringComparer.OrdinalIgnoreCase)
    {
        ["docker"] = ("Sticky:Docker:Enabled", "true"),
        ["docker.swarmmode"] = ("Sticky:Docker:SwarmMode", "true"),
        ["docker.watch"] = ("Sticky:Docker:Watch", "true"),
        ["docker.exposedbydefault"] = ("Sticky:Docker:ExposedByDefault", "true"),
        ["docker.endpoint"] = ("Sticky:Docker:Endpoint", null),
        ["docker.network"] = ("Sticky:Docker:Network", null),
        ["docker.refreshseconds"] = ("Sticky:Docker:RefreshInterval", null),
        ["web"] = ("Sticky:Host:Admin", "true"),
        ["api"] = ("Sticky:Host:Admin", "true"),
        ["web.address"] = ("Sticky:Host:AdminAddress", null),
        ["entrypoint.address"] = ("Sticky:Host:ProxyAddress", null),
        ["proxy.address"] = ("Sticky:Host:ProxyAddress", null),
        ["admin.address"] = ("Sticky:Host:AdminAddress", null),
        ["loglevel"] = ("Sticky:Host:LogLevel", null),
        ["log.level"] = ("Sticky:Host:LogLevel", null),
        ["demo"] = ("Sticky:Host:Demo", "true"),
        ["file.filename"] = ("Sticky:ServicesFile", null),
        ["providers.file.filename"] = ("Sticky:ServicesFile", null),
    };

    public static (Dictionary<string, string?> Settings, string[] Remaining, List<string> Errors) Translate(IReadOnlyList<string> args)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var remaining = new List<string>();
        var errors = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Contains(':', StringComparison.Ordinal) && !arg.Contains('=', StringComparison.Ordinal))
            {
                remaining.Add(arg);
                continue;
            }

            var body = arg[2..];
            var equals = body.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? body : body[..equals];
            if (!s_flags.TryGetValue(name, out var flag))
            {
                if (name.StartsWith("docker.", StringComparison.OrdinalIgnoreCase) || name.StartsWith("web.", StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add($"unknown flag --{name}; supported Traefik flags: {string.Join(", ", s_flags.Keys.Select(static k => "--" + k))}");
                    continue;
                }

                remaining.Add(arg);
                continue;
            }

            string? value;
            if (equals >= 0)
            {
                value = body[(equals + 1)..];
            }
            else if (flag.Bare is not null)
            {
                value = flag.Bare;
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else
            {
                errors.Add($"flag --{name} needs a value, for example --{name}=...");
                continue;
            }

            settings[flag.Key] = value;
        }

        return (settings, [.. remaining], errors);
    }
}
