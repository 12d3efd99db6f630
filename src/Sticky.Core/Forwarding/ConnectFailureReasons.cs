// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Forwarding;

/// <summary>
/// Why no connection to a backend was made, in the words of the 502 body and the log ("backend … refused the
/// connection"), the same for both transports.
/// </summary>
internal static class ConnectFailureReasons
{
    public const string Refused = "refused the connection";

    public const string Unresolved = "could not be resolved";

    public const string TlsHandshake = "failed the TLS handshake";

    public const string Unreachable = "could not be reached";

    public static string TimedOut(TimeSpan connectTimeout) => $"did not accept the connection within {HttpForwarder.FormatSeconds(connectTimeout)}";
}
