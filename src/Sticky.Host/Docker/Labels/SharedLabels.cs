// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Affinity;
using Sticky.Health;

namespace Sticky.Host.Docker.Labels;

/// <summary>Label groups that read the same in several dialects: health checks and cookie attributes.</summary>
internal static class SharedLabels
{
    public static readonly string[] HealthCheckSuffixes = ["path", "interval", "timeout", "port", "scheme", "hostname", "status"];

    public static readonly string[] CookieSuffixes = ["name", "secure", "httponly", "samesite", "maxage", "path", "domain"];

    /// <summary>Reads <c>&lt;prefix&gt;path</c>, <c>interval</c>, <c>timeout</c>, <c>port</c>, <c>scheme</c>, <c>hostname</c>, <c>status</c>.</summary>
    /// <param name="reader">The labels.</param>
    /// <param name="prefix">For example <c>traefik.backend.healthcheck.</c>.</param>
    /// <param name="defaultInterval">The dialect's interval when none is set (Traefik's is 30 s).</param>
    /// <param name="statusSupported">Whether the dialect has a <c>status</c> label.</param>
    public static HealthCheckConfig? ReadHealthCheck(LabelReader reader, string prefix, TimeSpan? defaultInterval, bool statusSupported = true)
    {
        var path = reader.String(prefix + "path");
        var interval = reader.Duration(prefix + "interval");
        var timeout = reader.Duration(prefix + "timeout");
        var port = reader.Port(prefix + "port");
        var scheme = reader.Scheme(prefix + "scheme");
        var hostname = reader.String(prefix + "hostname");
        var status = statusSupported ? reader.HttpStatus(prefix + "status") : null;

        if (path is null)
        {
            if (HealthCheckSuffixes.Any(s => reader.Has(prefix + s)))
            {
                reader.Warn($"health check labels {prefix}* are ignored because {prefix}path is not set");
            }

            return null;
        }

        if (!path.StartsWith('/'))
        {
            reader.Error(prefix + "path", "must start with /");
            return null;
        }

        var config = new HealthCheckConfig
        {
            Path = path,
            Port = port,
            Scheme = scheme,
            Hostname = hostname,
            ExpectedStatus = status,
        };
        if ((interval ?? defaultInterval) is { } effectiveInterval)
        {
            config = config with { Interval = effectiveInterval };
        }

        if (timeout is not null)
        {
            config = config with { Timeout = timeout.Value };
        }

        return config;
    }

    /// <summary>Reads the cookie attributes under <paramref name="prefix"/> (<c>name</c>, <c>secure</c>, ...).</summary>
    public static AffinityCookieConfig ReadCookie(LabelReader reader, string prefix)
    {
        var config = new AffinityCookieConfig { CookieName = reader.String(prefix + "name") };
        if (reader.Bool(prefix + "secure") is { } secure)
        {
            config = config with { Secure = secure };
        }

        if (reader.Bool(prefix + "httponly") is { } httpOnly)
        {
            config = config with { HttpOnly = httpOnly };
        }

        if (reader.SameSite(prefix + "samesite") is { } sameSite)
        {
            config = config with { SameSite = sameSite };
        }

        var maxAge = reader.MaxAge(prefix + "maxage", out var maxAgePresent);
        if (maxAgePresent)
        {
            config = config with { MaxAge = maxAge };
        }

        if (reader.String(prefix + "path") is { } path)
        {
            if (path.StartsWith('/'))
            {
                config = config with { Path = path };
            }
            else
            {
                reader.Error(prefix + "path", "must start with /");
            }
        }

        if (reader.String(prefix + "domain") is { } domain)
        {
            config = config with { Domain = domain };
        }

        return config;
    }

    public static bool AnyCookieLabel(LabelReader reader, string prefix) => CookieSuffixes.Any(s => reader.Has(prefix + s));
}
