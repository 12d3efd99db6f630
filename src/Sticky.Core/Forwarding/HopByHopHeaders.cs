// Licensed under the MIT License. See LICENSE in the repository root.

using System.Collections.Frozen;
using Microsoft.Net.Http.Headers;

namespace Sticky.Forwarding;

/// <summary>
/// Headers that describe one connection rather than the message (RFC 9110, section 7.6.1), so a proxy must
/// not pass them on in either direction.
/// </summary>
internal static class HopByHopHeaders
{
    // Proxy-Connection is not standard, but old clients still send it and backends must never see it.
    private static readonly FrozenSet<string> s_names = FrozenSet.ToFrozenSet(
        [
            HeaderNames.Connection,
            HeaderNames.KeepAlive,
            HeaderNames.ProxyConnection,
            HeaderNames.ProxyAuthenticate,
            HeaderNames.ProxyAuthorization,
            HeaderNames.TE,
            HeaderNames.Trailer,
            HeaderNames.TransferEncoding,
            HeaderNames.Upgrade,
        ],
        StringComparer.OrdinalIgnoreCase);

    public static bool Contains(string name) => s_names.Contains(name);

    /// <summary>
    /// Whether <paramref name="name"/> is one of the comma-separated tokens of a <c>Connection</c> header value:
    /// a sender may declare any header hop-by-hop that way.
    /// </summary>
    public static bool IsListedIn(ReadOnlySpan<char> connection, string name)
    {
        while (!connection.IsEmpty)
        {
            var comma = connection.IndexOf(',');
            var token = comma < 0 ? connection : connection[..comma];
            if (token.Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            connection = comma < 0 ? default : connection[(comma + 1)..];
        }

        return false;
    }

    /// <summary>
    /// Whether a backend's response header goes on to the client: not hop-by-hop, not declared so by the
    /// response's <paramref name="connection"/> header, except <c>Upgrade</c> on a switched protocol (Kestrel writes
    /// <c>Connection: Upgrade</c> itself; the backend's <c>Upgrade</c> value names the new protocol).
    /// </summary>
    public static bool IsForwardedResponseHeader(string name, ReadOnlySpan<char> connection, bool isUpgrade)
    {
        if (Contains(name))
        {
            return isUpgrade && string.Equals(name, HeaderNames.Upgrade, StringComparison.OrdinalIgnoreCase);
        }

        return connection.IsEmpty || !IsListedIn(connection, name);
    }

    /// <summary>Whether a <c>TE</c> header value asks for trailers, the one TE value that may be forwarded.</summary>
    public static bool AcceptsTrailers(ReadOnlySpan<char> te) => IsListedIn(te, "trailers");
}
