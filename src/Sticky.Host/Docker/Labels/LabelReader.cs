// Licensed under the MIT License. See LICENSE in the repository root.

using System.Globalization;

namespace Sticky.Host.Docker.Labels;

/// <summary>
/// Typed, case-insensitive access to one service's labels. A value that does not parse is recorded as a
/// <see cref="LabelError"/> (and read as absent), so a dialect parser reads every label it knows and the
/// operator sees all problems of a service at once.
/// </summary>
internal sealed class LabelReader
{
    private readonly Dictionary<string, string> _labels;
    private readonly List<LabelError> _errors = [];
    private readonly List<string> _warnings = [];

    public LabelReader(string service, IReadOnlyDictionary<string, string>? labels)
    {
        Service = service;
        // Traefik matches its v2 labels case-insensitively; doing it for every dialect costs nothing.
        _labels = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (labels is not null)
        {
            foreach (var (key, value) in labels.OrderBy(static l => l.Key, StringComparer.Ordinal))
            {
                _labels.TryAdd(key, value);
            }
        }
    }

    public string Service { get; }

    public IReadOnlyCollection<string> Keys => _labels.Keys;

    public IReadOnlyList<LabelError> Errors => _errors;

    public IReadOnlyList<string> Warnings => _warnings;

    public bool Has(string key) => _labels.ContainsKey(key);

    public bool HasAnyWithPrefix(string prefix) => _labels.Keys.Any(k => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>The trimmed value, or <see langword="null"/> when the label is missing or blank.</summary>
    public string? String(string key) =>
        _labels.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public bool? Bool(string key)
    {
        if (String(key) is not { } value)
        {
            return null;
        }

        if (LabelValues.TryParseBool(value, out var result))
        {
            return result;
        }

        Error(key, "not a boolean (use true or false)");
        return null;
    }

    public int? Int(string key, int min, int max)
    {
        if (String(key) is not { } value)
        {
            return null;
        }

        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result))
        {
            Error(key, "not a whole number");
            return null;
        }

        if (result < min || result > max)
        {
            Error(key, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}"));
            return null;
        }

        return result;
    }

    public int? Port(string key) => Int(key, 1, 65535);

    /// <summary>A positive duration (<c>10s</c>, <c>1m30s</c>, <c>500ms</c>, or seconds).</summary>
    public TimeSpan? Duration(string key)
    {
        if (String(key) is not { } value)
        {
            return null;
        }

        if (!LabelValues.TryParseDuration(value, out var result))
        {
            Error(key, "not a duration (use for example 10s, 1m30s or 500ms)");
            return null;
        }

        if (result <= TimeSpan.Zero)
        {
            Error(key, "must be longer than zero");
            return null;
        }

        return result;
    }

    /// <summary>A cookie Max-Age in seconds (or a duration); zero or less means a session cookie.</summary>
    public TimeSpan? MaxAge(string key, out bool present)
    {
        present = false;
        if (String(key) is not { } value)
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            present = true;
            return seconds > 0 ? TimeSpan.FromSeconds(seconds) : null;
        }

        if (LabelValues.TryParseDuration(value, out var duration))
        {
            present = true;
            return duration > TimeSpan.Zero ? duration : null;
        }

        Error(key, "not a number of seconds");
        return null;
    }

    public SameSiteMode? SameSite(string key)
    {
        if (String(key) is not { } value)
        {
            return null;
        }

        if (LabelValues.TryParseSameSite(value, out var mode))
        {
            return mode;
        }

        Error(key, "unknown SameSite mode (use none, lax or strict)");
        return null;
    }

    /// <summary><c>http</c> or <c>https</c>, lower-cased.</summary>
    public string? Scheme(string key)
    {
        if (String(key) is not { } value)
        {
            return null;
        }

        var scheme = value.ToLowerInvariant();
        if (scheme is "http" or "https")
        {
            return scheme;
        }

        Error(key, "unsupported scheme (use http or https)");
        return null;
    }

    public int? HttpStatus(string key) => Int(key, 100, 599);

    public string? Policy(string key)
    {
        if (String(key) is not { } value)
        {
            return null;
        }

        if (LabelValues.TryParsePolicy(value, out var policy))
        {
            return policy;
        }

        Error(key, "unknown load-balancing method (use wrr, or p2c for power of two choices)");
        return null;
    }

    public void Error(string key, string reason) =>
        _errors.Add(new LabelError(Service, key, _labels.GetValueOrDefault(key, string.Empty), reason));

    public void Warn(string message) => _warnings.Add($"service '{Service}': {message}");
}
