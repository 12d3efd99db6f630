// Licensed under the MIT License. See LICENSE in the repository root.

using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Sticky.Forwarding;

/// <summary>Copies the client's request headers to the upstream request, minus hop-by-hop ones.</summary>
internal static class RequestHeaderCopier
{
    // The forwarder writes these itself (Host per PassHostHeader, the rest per TrustedProxies).
    private static readonly FrozenSet<string> s_setByForwarder = FrozenSet.ToFrozenSet(
        [
            HeaderNames.Host,
            ForwardedHeaders.For,
            ForwardedHeaders.Proto,
            ForwardedHeaders.Host,
            ForwardedHeaders.Port,
            ForwardedHeaders.RealIp,
        ],
        StringComparer.OrdinalIgnoreCase);

    /// <param name="source">The client's request.</param>
    /// <param name="destination">Where the headers go.</param>
    /// <param name="isUpgrade">Whether <c>Upgrade</c> and <c>Connection: Upgrade</c> are passed on.</param>
    public static void Copy<TSink>(HttpRequest source, ref TSink destination, bool isUpgrade)
        where TSink : IRequestHeaderSink
    {
        var connection = source.Headers.Connection.ToString();
        foreach (var header in source.Headers)
        {
            var name = header.Key;

            // HTTP/2 and HTTP/3 pseudo-headers (":authority") travel as the request line and Host upstream.
            if (name.Length == 0 || name[0] == ':' || s_setByForwarder.Contains(name))
            {
                continue;
            }

            if (HopByHopHeaders.Contains(name))
            {
                if (isUpgrade && string.Equals(name, HeaderNames.Upgrade, StringComparison.OrdinalIgnoreCase))
                {
                    Add(ref destination, name, header.Value);
                }
                else if (string.Equals(name, HeaderNames.TE, StringComparison.OrdinalIgnoreCase)
                    && HopByHopHeaders.AcceptsTrailers(header.Value.ToString()))
                {
                    // "TE: trailers" is end-to-end in practice: gRPC needs it to reach the backend.
                    destination.Add(HeaderNames.TE, "trailers");
                }

                continue;
            }

            if (connection.Length != 0 && HopByHopHeaders.IsListedIn(connection, name))
            {
                continue;
            }

            var value = header.Value;
            if (value.Count > 1 && string.Equals(name, HeaderNames.Cookie, StringComparison.OrdinalIgnoreCase))
            {
                // HTTP/2 clients may split cookies over several fields; HTTP/1.1 allows only one Cookie line.
                value = string.Join("; ", value.ToArray());
            }

            Add(ref destination, name, value);
        }

        if (isUpgrade)
        {
            destination.Add(HeaderNames.Connection, "Upgrade");
        }
    }

    private static void Add<TSink>(ref TSink destination, string name, StringValues value)
        where TSink : IRequestHeaderSink
    {
        if (value.Count == 1)
        {
            destination.Add(name, value.ToString());
        }
        else if (value.Count > 1)
        {
            destination.Add(name, value);
        }
    }
}
