// Licensed under the MIT License. See LICENSE in the repository root.

using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Sticky.Affinity;

/// <summary>Validates the cookie attributes of a service and formats its <c>Set-Cookie</c> header values.</summary>
internal static class SetCookieHeader
{
    /// <summary>Throws when an attribute would corrupt the header or be ignored by browsers.</summary>
    /// <exception cref="ArgumentException">An attribute is invalid; the message names the service.</exception>
    public static void Validate(string serviceName, AffinityCookieConfig config)
    {
        if (!string.IsNullOrEmpty(config.Path))
        {
            if (!IsAttributeValue(config.Path))
            {
                throw new ArgumentException(Message(serviceName, $"its Path '{config.Path}' contains ';', whitespace, a control or a non-ASCII character"), nameof(config));
            }

            if (config.Path[0] != '/')
            {
                // Browsers silently replace a path that does not start with '/' by the request's directory.
                throw new ArgumentException(Message(serviceName, $"its Path '{config.Path}' does not start with '/'"), nameof(config));
            }
        }

        if (!string.IsNullOrEmpty(config.Domain) && !IsAttributeValue(config.Domain))
        {
            throw new ArgumentException(Message(serviceName, $"its Domain '{config.Domain}' contains ';', whitespace, a control or a non-ASCII character"), nameof(config));
        }

        if (config.MaxAge is { } maxAge && maxAge < TimeSpan.Zero)
        {
            throw new ArgumentException(Message(serviceName, $"its MaxAge {maxAge} is negative"), nameof(config));
        }

        if (config.SameSite is not (SameSiteMode.Unspecified or SameSiteMode.None or SameSiteMode.Lax or SameSiteMode.Strict))
        {
            throw new ArgumentException(Message(serviceName, $"its SameSite value {(int)config.SameSite} is unknown"), nameof(config));
        }
    }

    /// <summary>
    /// Formats <c>name=value; Max-Age=N; Domain=d; Path=p; Secure; HttpOnly; SameSite=m</c>, leaving out
    /// what is unset. A <c>MaxAge</c> under one second issues a session cookie, as Traefik's <c>maxAge: 0</c> does.
    /// </summary>
    public static string Format(string name, string value, AffinityCookieConfig config)
    {
        var builder = new StringBuilder(96).Append(name).Append('=').Append(value);
        if (config.MaxAge is { } maxAge && (long)maxAge.TotalSeconds > 0)
        {
            builder.Append("; Max-Age=").Append(((long)maxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrEmpty(config.Domain))
        {
            builder.Append("; Domain=").Append(config.Domain);
        }

        if (!string.IsNullOrEmpty(config.Path))
        {
            builder.Append("; Path=").Append(config.Path);
        }

        if (config.Secure)
        {
            builder.Append("; Secure");
        }

        if (config.HttpOnly)
        {
            builder.Append("; HttpOnly");
        }

        var sameSite = config.SameSite switch
        {
            SameSiteMode.None => "None",
            SameSiteMode.Lax => "Lax",
            SameSiteMode.Strict => "Strict",
            _ => null,
        };
        if (sameSite is not null)
        {
            builder.Append("; SameSite=").Append(sameSite);
        }

        return builder.ToString();
    }

    // RFC 6265 attribute values: CHARs other than CTLs and ';'. Whitespace is refused too, because a header
    // value cannot carry it unambiguously, and non-ASCII because Kestrel rejects it in response headers.
    private static bool IsAttributeValue(string value)
    {
        foreach (var c in value)
        {
            if (c <= ' ' || c >= '\u007f' || c == ';')
            {
                return false;
            }
        }

        return true;
    }

    private static string Message(string serviceName, string problem) =>
        $"The affinity cookie of service '{serviceName}' is invalid: {problem}.";
}
