// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;
using Sticky.Routing;

namespace Sticky.Forwarding;

/// <summary>The addresses whose <c>X-Forwarded-*</c> headers are believed, parsed once from the options.</summary>
internal sealed class TrustedProxySet
{
    private readonly IpPrefix[] _prefixes;

    private TrustedProxySet(IpPrefix[] prefixes) => _prefixes = prefixes;

    public bool IsEmpty => _prefixes.Length == 0;

    /// <exception cref="ArgumentException">An entry is not an IP address or CIDR range; the message names it.</exception>
    public static TrustedProxySet Parse(IReadOnlyList<string>? entries)
    {
        if (entries is null || entries.Count == 0)
        {
            return new TrustedProxySet([]);
        }

        var prefixes = new IpPrefix[entries.Count];
        for (var i = 0; i < prefixes.Length; i++)
        {
            var entry = entries[i];
            if (entry is null || !IpPrefix.TryParse(entry.Trim(), out prefixes[i]))
            {
                throw new ArgumentException(
                    $"Sticky:Forwarding:TrustedProxies entry '{entry}' is not an IP address or CIDR range (for example 10.0.0.5 or 10.0.0.0/8).",
                    nameof(entries));
            }
        }

        return new TrustedProxySet(prefixes);
    }

    public bool Contains(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        foreach (var prefix in _prefixes)
        {
            if (prefix.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
