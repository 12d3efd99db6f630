// Licensed under the MIT License. See LICENSE in the repository root.

using System.Globalization;
using System.Net;

namespace Sticky.Host.Docker.Discovery;

/// <summary>Builds backend URLs from the addresses Docker reports.</summary>
internal static class BackendAddress
{
    /// <summary>Turns <c>10.0.1.5/24</c> or <c>10.0.1.5</c> into an IP, or <see langword="null"/> when it is not one.</summary>
    public static IPAddress? ParseIp(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return null;
        }

        var slash = address.IndexOf('/', StringComparison.Ordinal);
        var ip = slash >= 0 ? address.AsSpan(0, slash) : address.AsSpan();
        return IPAddress.TryParse(ip, out var parsed) ? parsed : null;
    }

    public static string Url(string scheme, IPAddress ip, int port) =>
        string.Create(CultureInfo.InvariantCulture, $"{scheme}://{new IPEndPoint(ip, port)}");
}
