// Licensed under the MIT License. See LICENSE in the repository root.

using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Sticky.Routing;

/// <summary>
/// An IP address or CIDR block of a <c>ClientIP</c> rule. Unlike <see cref="System.Net.IPNetwork"/>,
/// host bits may be set (<c>10.1.2.3/8</c>), as Go's <c>net.ParseCIDR</c> that Traefik uses allows.
/// </summary>
internal readonly struct IpPrefix
{
    private readonly UInt128 _network;
    private readonly UInt128 _mask;
    private readonly bool _isV4;

    private IpPrefix(UInt128 network, UInt128 mask, bool isV4)
    {
        _network = network;
        _mask = mask;
        _isV4 = isV4;
    }

    public static bool TryParse(string text, out IpPrefix prefix)
    {
        prefix = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text.AsSpan() : text.AsSpan(0, slash);

        // IPAddress also accepts shorthands such as "10" for 0.0.0.10, which nobody means in a rule, and
        // zone indexes (fe80::1%eth0), which a remote address compared by value never carries.
        if ((addressText.IndexOf('.') < 0 && addressText.IndexOf(':') < 0)
            || addressText.IndexOf('%') >= 0
            || !IPAddress.TryParse(addressText, out var address))
        {
            return false;
        }

        var isV4 = address.AddressFamily == AddressFamily.InterNetwork;
        var bits = isV4 ? 32 : 128;
        var length = bits;
        if (slash >= 0
            && (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out length)
                || length > bits))
        {
            return false;
        }

        var mask = length == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - length);
        if (isV4)
        {
            mask >>= 96;
        }

        prefix = new IpPrefix(ToValue(address, isV4) & mask, mask, isV4);
        return true;
    }

    public bool Contains(IPAddress address)
    {
        var isV4 = address.AddressFamily == AddressFamily.InterNetwork;
        if (isV4 != _isV4)
        {
            // A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d; they still belong to IPv4 blocks.
            if (!_isV4 || !address.IsIPv4MappedToIPv6)
            {
                return false;
            }

            return (ToValue(address, isV4: false) & uint.MaxValue & _mask) == _network;
        }

        return (ToValue(address, isV4) & _mask) == _network;
    }

    private static UInt128 ToValue(IPAddress address, bool isV4)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        return isV4 && written == 4
            ? BinaryPrimitives.ReadUInt32BigEndian(bytes)
            : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }
}
