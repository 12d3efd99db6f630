// Licensed under the MIT License. See LICENSE in the repository root.

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sticky.Affinity;

/// <summary>
/// The sticky cookie values a Traefik stack may have issued for a server, so that clients keep their
/// sessions when Sticky replaces Traefik. Every value is derived from the server URL; which one a client
/// holds depends on the Traefik version that issued it.
/// </summary>
/// <remarks>
/// Sources (github.com/traefik/traefik):
/// <list type="bullet">
/// <item>v1 (vulcand/oxy <c>roundrobin/stickysessions.go</c>, <c>StickBackend</c>): the raw server URL,
/// <c>backend.String()</c>, e.g. <c>_a49bc=http://10.0.0.5:8000</c> in the seed tutorial. Early v2 did the same.</item>
/// <item>v2/v3.0 <c>pkg/server/service/service.go</c>: the server handler is named
/// <c>hex.EncodeToString(fnv.New64a(url))</c>, 16 hex digits with leading zeros; v2's <c>wrr.go</c> issued that
/// name, later <c>strconv.FormatUint(fnv.New64(name), 16)</c> (FNV-1, no leading zeros), later still
/// <c>hex(sha256(name))[:16]</c>.</item>
/// <item>v3 <c>pkg/server/service/loadbalancer/sticky.go</c>: the handler name is the URL itself; it issues
/// <c>hex(sha256(url))[:16]</c> and still accepts the name, <c>fnvHash(name)</c> and <c>fnvHash(fnvHash(name))</c>
/// (its <c>compatibilityStickyMap</c>).</item>
/// </list>
/// The URL Traefik saw is the one its provider built (<c>scheme://ip:port</c> for Docker) or the one a person
/// wrote in a file, so each form above is computed for the URL with and without a trailing slash and, on the
/// scheme's default port, without the port.
/// </remarks>
internal static class TraefikCookieValues
{
    /// <summary>Returns the distinct legacy values for the backend whose identity is <paramref name="backendId"/>.</summary>
    public static IReadOnlyList<string> Compute(string backendId)
    {
        ArgumentNullException.ThrowIfNull(backendId);
        var values = new List<string>(32);
        foreach (var url in UrlForms(backendId))
        {
            // v1 and early v2: the raw URL; v3: accepted as the handler name.
            Add(values, url);

            // v3 sticky.go: issued today, and accepted as compatibility values.
            Add(values, Sha256Prefix(url));
            var fnv1OfUrl = FnvHash(url);
            Add(values, fnv1OfUrl);
            Add(values, FnvHash(fnv1OfUrl));

            // v2 and v3.0: the handler name is the FNV-1a hex of the URL, then hashed again for the cookie.
            var handlerName = HandlerName(url);
            Add(values, handlerName);
            Add(values, Sha256Prefix(handlerName));
            var fnv1OfHandlerName = FnvHash(handlerName);
            Add(values, fnv1OfHandlerName);
            Add(values, FnvHash(fnv1OfHandlerName));
        }

        return values;
    }

    /// <summary>The spellings of one server URL a Traefik configuration may have held.</summary>
    internal static IReadOnlyList<string> UrlForms(string backendId)
    {
        var forms = new List<string>(4);
        var trimmed = backendId.TrimEnd('/');
        Add(forms, trimmed);
        Add(forms, trimmed + "/");

        if (Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && uri.IsDefaultPort)
        {
            var portSuffix = ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
            var authorityEnd = trimmed.IndexOf('/', uri.Scheme.Length + 3);
            var authority = authorityEnd < 0 ? trimmed : trimmed[..authorityEnd];
            if (authority.EndsWith(portSuffix, StringComparison.Ordinal))
            {
                var elided = authority[..^portSuffix.Length] + (authorityEnd < 0 ? string.Empty : trimmed[authorityEnd..]);
                Add(forms, elided);
                Add(forms, elided + "/");
            }
        }

        return forms;
    }

    /// <summary>Traefik's server handler name: <c>hex.EncodeToString(fnv.New64a().Sum(url))</c>.</summary>
    internal static string HandlerName(string url) =>
        Fnv64.Fnv1a(Encoding.UTF8.GetBytes(url)).ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>Traefik's <c>fnvHash</c>: <c>strconv.FormatUint(fnv.New64().Sum64(), 16)</c>, without leading zeros.</summary>
    internal static string FnvHash(string input) =>
        Fnv64.Fnv1(Encoding.UTF8.GetBytes(input)).ToString("x", CultureInfo.InvariantCulture);

    /// <summary>Traefik's <c>sha256Hash</c>: the first 16 lowercase hex digits of SHA-256.</summary>
    internal static string Sha256Prefix(string input)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(input), hash);
        return Convert.ToHexStringLower(hash[..8]);
    }

    private static void Add(List<string> values, string value)
    {
        if (!values.Contains(value))
        {
            values.Add(value);
        }
    }
}
