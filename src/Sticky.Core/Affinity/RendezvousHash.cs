// Licensed under the MIT License. See LICENSE in the repository root.

using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Sticky.Affinity;

/// <summary>
/// Weighted rendezvous (highest-random-weight) hashing of a cookie value over backends. Every input is a
/// process-independent hash, so all replicas re-pin a client to the same backend, and removing a backend
/// moves only the values whose winner it was.
/// </summary>
internal static class RendezvousHash
{
    private static ReadOnlySpan<byte> Label => "sticky-rendezvous-v1\0"u8;

    /// <summary>The per-backend key: 64 bits of SHA-256 of the backend identity, computed once per table.</summary>
    public static ulong BackendKey(string backendId)
    {
        ArgumentNullException.ThrowIfNull(backendId);
        var input = new byte[Label.Length + Encoding.UTF8.GetByteCount(backendId)];
        Label.CopyTo(input);
        Encoding.UTF8.GetBytes(backendId, input.AsSpan(Label.Length));
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
        return BinaryPrimitives.ReadUInt64LittleEndian(hash);
    }

    /// <summary>The hash of a cookie value; a fixed function of its characters.</summary>
    public static ulong HashValue(ReadOnlySpan<char> value) => Fnv64.Fnv1a(value);

    /// <summary>The unweighted score of a value on a backend: comparing these needs no floating point at all.</summary>
    public static ulong Draw(ulong valueHash, ulong backendKey) => Mix(valueHash ^ backendKey);

    /// <summary>
    /// The weighted score <c>-weight / ln(u)</c> with <c>u</c> uniform in (0, 1) drawn from <paramref name="draw"/>:
    /// the highest score wins, and a backend wins a share of values proportional to its weight.
    /// </summary>
    public static double WeightedScore(ulong draw, int weight)
    {
        // 52 bits, offset by half a step, give a u strictly between 0 and 1, so ln(u) is finite and negative.
        // (With 53 bits the top draw plus one half rounds up to 2^53, and u would be exactly 1.)
        var u = ((draw >> 12) + 0.5) * (1.0 / (1UL << 52));
        return -weight / Math.Log(u);
    }

    // splitmix64's finalizer: every input bit affects every output bit, so nearby keys score independently.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
