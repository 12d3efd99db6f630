// Licensed under the MIT License. See LICENSE in the repository root.

using System.Diagnostics.CodeAnalysis;

namespace Sticky.Backends;

/// <summary>Validates and normalizes backend URLs, which double as backend identities.</summary>
internal static class BackendUrl
{
    /// <summary>
    /// Parses <paramref name="url"/> and returns it normalized, with <paramref name="id"/> set to
    /// <c>scheme://host:port[/base]</c> (lowercase scheme and host, explicit port, no trailing slash).
    /// </summary>
    /// <exception cref="FormatException">The URL is not an absolute http(s) URL without query or fragment.</exception>
    public static Uri Normalize(string url, out string id)
    {
        if (!TryNormalize(url, out var uri, out id, out var error))
        {
            throw new FormatException(error);
        }

        return uri;
    }

    public static bool TryNormalize(string? url, [NotNullWhen(true)] out Uri? uri, out string id, out string error)
    {
        uri = null;
        id = string.Empty;
        if (string.IsNullOrWhiteSpace(url))
        {
            error = "the backend URL is empty";
            return false;
        }

        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(parsed.Host))
        {
            error = $"'{url}' is not an absolute http:// or https:// URL";
            return false;
        }

        if (!string.IsNullOrEmpty(parsed.Query) || !string.IsNullOrEmpty(parsed.Fragment) || !string.IsNullOrEmpty(parsed.UserInfo))
        {
            error = $"'{url}' must not carry a query, fragment or user info";
            return false;
        }

        var path = parsed.AbsolutePath.TrimEnd('/');
        id = $"{parsed.Scheme}://{parsed.Host.ToLowerInvariant()}:{parsed.Port}{path}";
        uri = new Uri(id + "/", UriKind.Absolute);
        error = string.Empty;
        return true;
    }
}
