// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Http;

namespace Sticky.Routing;

/// <summary>Reads the request's host name as a span, without port, brackets or trailing dot.</summary>
internal static class RequestHost
{
    /// <summary>
    /// The host the client asked for. It reads the raw <c>Host</c> header rather than
    /// <see cref="HttpRequest.Host"/>: that property allocates, and it turns punycode (<c>xn--</c>) names
    /// into Unicode, which would no longer equal the ASCII names rules are written with.
    /// </summary>
    public static ReadOnlySpan<char> Get(HttpRequest request)
    {
        var values = request.Headers.Host;
        return values.Count == 0 ? default : Normalize(values[0]);
    }

    /// <summary>Strips the port, IPv6 brackets and one trailing dot from a Host header value.</summary>
    public static ReadOnlySpan<char> Normalize(ReadOnlySpan<char> host)
    {
        if (host.IsEmpty)
        {
            return host;
        }

        if (host[0] == '[')
        {
            var close = host.IndexOf(']');
            return close > 0 ? host[1..close] : host;
        }

        var colon = host.IndexOf(':');

        // Two or more colons without brackets can only be a bare IPv6 address, which has no port.
        if (colon >= 0 && host[(colon + 1)..].IndexOf(':') < 0)
        {
            host = host[..colon];
        }

        return host.Length > 1 && host[^1] == '.' ? host[..^1] : host;
    }
}
