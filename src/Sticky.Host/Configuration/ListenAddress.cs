// Licensed under the MIT License. See LICENSE in the repository root.

using System.Globalization;
using System.Net;

namespace Sticky.Host.Configuration;

/// <summary>Parses Traefik-style listen addresses (<c>:80</c>, <c>127.0.0.1:8080</c>, <c>[::1]:80</c>, <c>http://*:80</c>).</summary>
internal static class ListenAddress
{
    public static bool TryParse(string? text, out IPAddress address, out int port, out string error)
    {
        address = IPAddress.Any;
        port = 0;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the address is empty";
            return false;
        }

        var value = text.Trim();
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            value = value[(scheme + 3)..].TrimEnd('/');
        }

        var colon = value.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 0 or > 65535)
        {
            error = $"'{text}' has no valid port (examples: :80, 127.0.0.1:8080)";
            return false;
        }

        var host = value[..colon].Trim('[', ']');
        if (host is "" or "*" or "+" or "0.0.0.0")
        {
            address = IPAddress.Any;
        }
        else if (host is "localhost")
        {
            address = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(host, out address!))
        {
            error = $"'{text}' must name an IP address, not a host name";
            return false;
        }

        return true;
    }
}
