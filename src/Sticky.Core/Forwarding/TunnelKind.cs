// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Forwarding;

/// <summary>Whether, and how, a client asks to turn its request into a two-way byte stream.</summary>
internal enum TunnelKind
{
    None,

    /// <summary>HTTP/1.1 <c>Connection: Upgrade</c> (WebSocket), answered with 101.</summary>
    Upgrade,

    /// <summary>
    /// HTTP/2 extended CONNECT (RFC 8441) for WebSocket, answered with 200. Browsers use it over h2 when the
    /// server offers it, and Kestrel does; the backend gets the equivalent HTTP/1.1 upgrade.
    /// </summary>
    ExtendedConnect,
}
