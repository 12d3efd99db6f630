// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Affinity;

/// <summary>
/// 64-bit FNV hashes. Traefik's sticky cookies are FNV-1 and FNV-1a hashes of server URLs (Go's
/// <c>hash/fnv</c> <c>New64</c> and <c>New64a</c>), and the rendezvous re-pin needs a hash that is the
/// same in every process, which <see cref="string.GetHashCode()"/> is not.
/// </summary>
internal static class Fnv64
{
    public const ulong OffsetBasis = 14695981039346656037;

    public const ulong Prime = 1099511628211;

    /// <summary>FNV-1 (multiply, then xor): Go's <c>fnv.New64()</c>.</summary>
    public static ulong Fnv1(ReadOnlySpan<byte> data)
    {
        var hash = OffsetBasis;
        foreach (var b in data)
        {
            hash *= Prime;
            hash ^= b;
        }

        return hash;
    }

    /// <summary>FNV-1a (xor, then multiply): Go's <c>fnv.New64a()</c>.</summary>
    public static ulong Fnv1a(ReadOnlySpan<byte> data)
    {
        var hash = OffsetBasis;
        foreach (var b in data)
        {
            hash ^= b;
            hash *= Prime;
        }

        return hash;
    }

    /// <summary>
    /// FNV-1a over UTF-16 code units, low byte first, so the result does not depend on the machine's
    /// endianness and needs no transcoding (it runs on the request path).
    /// </summary>
    public static ulong Fnv1a(ReadOnlySpan<char> data)
    {
        var hash = OffsetBasis;
        foreach (var c in data)
        {
            hash ^= (byte)c;
            hash *= Prime;
            hash ^= (byte)(c >> 8);
            hash *= Prime;
        }

        return hash;
    }
}
