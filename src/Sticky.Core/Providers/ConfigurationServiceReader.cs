// Licensed under the MIT License. See LICENSE in the repository root.

using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Sticky.Affinity;
using Sticky.Backends;
using Sticky.Health;
using Sticky.Utilities;

namespace Sticky.Providers;

/// <summary>
/// Reads services from the <c>Sticky:Services</c> configuration section, or from the <c>Services</c> object of a
/// services file (through <see cref="JsonElementSection"/>), with the same keys, defaults and messages. Every
/// problem is reported with the full path and the offending value, so a typo in appsettings.json, a services file
/// or a <c>STICKY__…</c> variable is found in seconds; a service with an error is skipped, never half-loaded.
/// </summary>
internal static class ConfigurationServiceReader
{
    /// <summary>Reads every service; a service with any error is returned in <c>Failed</c> instead.</summary>
    /// <param name="servicesSection">The <c>Sticky:Services</c> section.</param>
    /// <param name="root">The configuration root, when there is one: large backend lists are read faster through it.</param>
    /// <param name="urls">The provider's validator, which remembers the URLs of its previous read; null validates every URL.</param>
    public static (List<ServiceConfig> Services, Dictionary<string, List<string>> Failed) Read(IConfigurationSection servicesSection, IConfiguration? root = null, BackendUrlValidator? urls = null)
    {
        urls ??= new BackendUrlValidator();
        var services = new List<ServiceConfig>();
        var failed = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var section in ConfigurationChildren.Of(servicesSection, root))
        {
            var errors = new List<string>();
            var service = ReadService(section, root, urls, errors);
            if (errors.Count == 0)
            {
                services.Add(service);
            }
            else
            {
                failed[service.Name] = errors;
            }
        }

        urls.EndRead();
        return (services, failed);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ServiceConfig ReadService(IConfigurationSection section, IConfiguration? root, BackendUrlValidator urls, List<string> errors)
    {
        var name = section["Name"] ?? section.Key;
        var backends = new List<BackendConfig>();
        var backendsSection = section.GetSection("Backends");
        if (backendsSection.Value is not null)
        {
            // "Backends=http://..." without an index: a list was meant; say so rather than load zero servers.
            errors.Add($"{backendsSection.Path}: '{backendsSection.Value}' is a single value but backends are a list; write {backendsSection.Path}:0 (or __0 in an environment variable) for the first URL.");
        }

        foreach (var backendSection in ConfigurationChildren.Of(backendsSection, root))
        {
            var backend = ReadBackend(backendSection, urls, errors);
            if (backend is not null)
            {
                backends.Add(backend);
            }
        }

        return new ServiceConfig
        {
            Name = name,
            Rule = section["Rule"],
            Priority = ReadInt(section, "Priority", 0, int.MinValue, errors),
            LoadBalancingPolicy = section["LoadBalancingPolicy"],
            Backends = backends,
            Affinity = ReadAffinity(section, errors),
            HealthCheck = ReadHealthCheck(section.GetSection("HealthCheck"), errors),
        };
    }

    private static BackendConfig? ReadBackend(IConfigurationSection section, BackendUrlValidator urls, List<string> errors)
    {
        // A backend may be written as a plain URL string ("Backends": ["http://..."]) or as an object.
        var url = section.Value ?? section["Url"];
        if (string.IsNullOrWhiteSpace(url))
        {
            errors.Add($"{section.Path}: a backend needs a Url (for example \"http://10.0.0.5:8000\").");
            return null;
        }

        if (!urls.TryValidate(url, out url, out var urlError))
        {
            errors.Add($"{section.Path}: {urlError}.");
            return null;
        }

        return new BackendConfig
        {
            Url = url,
            Name = section["Name"],
            Weight = ReadInt(section, "Weight", 1, 0, errors),
            Draining = ReadBool(section, "Draining", false, errors),
        };
    }

    private static AffinityCookieConfig? ReadAffinity(IConfigurationSection service, List<string> errors)
    {
        // "Sticky": true is the short form; an "Affinity" section configures the cookie and implies it.
        var section = service.GetSection("Affinity");
        var enabled = ReadBool(service, "Sticky", section.Exists(), errors);
        enabled = ReadBool(section, "Enabled", enabled, errors);
        if (!enabled)
        {
            return null;
        }

        var defaults = new AffinityCookieConfig();
        return new AffinityCookieConfig
        {
            // JSON null arrives as an empty string; both mean "not set".
            CookieName = NullIfEmpty(section["CookieName"]),
            Path = section["Path"] ?? defaults.Path,
            Domain = NullIfEmpty(section["Domain"]),
            HttpOnly = ReadBool(section, "HttpOnly", defaults.HttpOnly, errors),
            Secure = ReadBool(section, "Secure", defaults.Secure, errors),
            SameSite = ReadSameSite(section, errors),
            MaxAge = ReadDuration(section, "MaxAge", errors),
        };
    }

    private static HealthCheckConfig? ReadHealthCheck(IConfigurationSection section, List<string> errors)
    {
        if (!section.Exists())
        {
            return null;
        }

        var path = section["Path"];
        if (string.IsNullOrWhiteSpace(path) || path[0] != '/')
        {
            errors.Add($"{section.Path}:Path: '{path}' must be an absolute path such as /health.");
            return null;
        }

        var defaults = new HealthCheckConfig { Path = path };
        var port = ReadInt(section, "Port", 0, 0, errors);
        var status = ReadInt(section, "ExpectedStatus", 0, 0, errors);
        return defaults with
        {
            Interval = ReadDuration(section, "Interval", errors) ?? defaults.Interval,
            Timeout = ReadDuration(section, "Timeout", errors) ?? defaults.Timeout,
            Port = port == 0 ? null : port,
            Scheme = section["Scheme"],
            Hostname = section["Hostname"],
            ExpectedStatus = status == 0 ? null : status,
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static int ReadInt(IConfigurationSection section, string key, int fallback, int min, List<string> errors)
    {
        var text = section[key];
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min)
        {
            errors.Add($"{section.Path}:{key}: '{text}' is not an integer{(min == 0 ? " >= 0" : string.Empty)}.");
            return fallback;
        }

        return value;
    }

    private static bool ReadBool(IConfigurationSection section, string key, bool fallback, List<string> errors)
    {
        var text = section[key];
        if (text is null)
        {
            return fallback;
        }

        if (!bool.TryParse(text, out var value))
        {
            errors.Add($"{section.Path}:{key}: '{text}' is not true or false.");
            return fallback;
        }

        return value;
    }

    private static TimeSpan? ReadDuration(IConfigurationSection section, string key, List<string> errors)
    {
        var text = section[key];
        if (text is null)
        {
            return null;
        }

        if (!Durations.TryParse(text, out var value))
        {
            errors.Add($"{section.Path}:{key}: '{text}' is not a duration (examples: 30s, 1m30s, 00:00:30).");
            return null;
        }

        return value;
    }

    private static SameSiteMode ReadSameSite(IConfigurationSection section, List<string> errors)
    {
        var text = section["SameSite"];
        if (string.IsNullOrEmpty(text))
        {
            return SameSiteMode.Unspecified;
        }

        switch (text.Trim().ToUpperInvariant())
        {
            case "NONE":
                return SameSiteMode.None;
            case "LAX":
                return SameSiteMode.Lax;
            case "STRICT":
                return SameSiteMode.Strict;
            default:
                errors.Add($"{section.Path}:SameSite: '{text}' is not one of None, Lax, Strict.");
                return SameSiteMode.Unspecified;
        }
    }
}
