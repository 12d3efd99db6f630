// Licensed under the MIT License. See LICENSE in the repository root.

using System.Security.Cryptography;
using System.Text;

namespace Sticky.Affinity;

/// <summary>
/// Names the affinity cookie exactly as Traefik names its sticky cookie, so a Traefik stack replaced by
/// Sticky (and every Sticky replica) agrees on the name and clients keep their sessions.
/// </summary>
internal static class AffinityCookieName
{
    // Traefik v1 server/cookie/cookie.go: const cookieNameLength = 6, i.e. "_" and 5 hex digits.
    private const int HexDigits = 5;

    /// <summary>
    /// The name Traefik v1's Docker provider gives the sticky cookie of a service: its backend is named
    /// <c>backend-</c> plus the normalized service name (templates/docker.tmpl, <c>getBackendName</c>), and
    /// <c>cookie.GenerateName</c> hashes that. <c>whoami-service</c> gives <c>_a49bc</c>.
    /// </summary>
    public static string Derive(string serviceName)
    {
        ArgumentNullException.ThrowIfNull(serviceName);
        return FromBackendName("backend-" + NormalizeServiceName(serviceName));
    }

    /// <summary>
    /// Traefik's <c>cookie.GenerateName</c>: <c>"_" + hex(sha1("_TRAEFIK_BACKEND_" + backendName))[:5]</c>.
    /// Use it directly for a Traefik backend that was not named by the Docker provider: a v1 file-provider
    /// backend (<c>backend1</c>) or a v2/v3 service, whose name is qualified (<c>whoami@docker</c>).
    /// </summary>
    public static string FromBackendName(string backendName)
    {
        ArgumentNullException.ThrowIfNull(backendName);
        var data = Encoding.UTF8.GetBytes("_TRAEFIK_BACKEND_" + backendName);
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];

        // SHA-1 is what Traefik uses; the name only has to match it, it protects nothing.
#pragma warning disable CA5350
        SHA1.HashData(data, hash);
#pragma warning restore CA5350

        // 5 hex digits need 3 bytes; the sixth digit is dropped.
        return string.Concat("_", Convert.ToHexStringLower(hash[..3]).AsSpan(0, HexDigits));
    }

    /// <summary>
    /// Traefik v1's <c>provider.Normalize</c>: every run of characters that are neither Unicode letters nor
    /// numbers becomes one <c>-</c>, and leading and trailing runs disappear, so <c>my_stack_web.1</c> gives
    /// <c>my-stack-web-1</c>.
    /// </summary>
    public static string NormalizeServiceName(string serviceName)
    {
        ArgumentNullException.ThrowIfNull(serviceName);
        var builder = new StringBuilder(serviceName.Length);
        var pendingSeparator = false;
        Span<char> utf16 = stackalloc char[2];

        // Go's strings.FieldsFunc works on runes; a lone surrogate decodes to U+FFFD, a separator, as an
        // invalid UTF-8 byte does in Go.
        foreach (var rune in serviceName.EnumerateRunes())
        {
            if (!Rune.IsLetter(rune) && !Rune.IsNumber(rune))
            {
                pendingSeparator = true;
                continue;
            }

            if (pendingSeparator && builder.Length > 0)
            {
                builder.Append('-');
            }

            pendingSeparator = false;
            builder.Append(utf16[..rune.EncodeToUtf16(utf16)]);
        }

        return builder.ToString();
    }

    /// <summary>
    /// Traefik's <c>cookie.sanitizeName</c>: every rune outside the RFC 2616 / RFC 6265 token characters
    /// becomes <c>_</c>, so a configured name is always a valid cookie name.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="configuredName"/> is empty (Traefik derives a name then).</exception>
    public static string Sanitize(string configuredName)
    {
        ArgumentException.ThrowIfNullOrEmpty(configuredName);
        var builder = new StringBuilder(configuredName.Length);
        foreach (var rune in configuredName.EnumerateRunes())
        {
            builder.Append(IsTokenChar(rune.Value) ? (char)rune.Value : '_');
        }

        return builder.ToString();
    }

    private static bool IsTokenChar(int c) => c switch
    {
        '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '`' or '|' or '~' => true,
        _ => c < 128 && char.IsAsciiLetterOrDigit((char)c),
    };
}
