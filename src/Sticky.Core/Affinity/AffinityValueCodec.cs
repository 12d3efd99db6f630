// Licensed under the MIT License. See LICENSE in the repository root.

using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Sticky.Affinity;

/// <summary>
/// Computes Sticky's own affinity cookie value for a backend. The value is a pure function of the backend
/// identity (and the optional secret), so every replica issues and honours the same value without sharing
/// any state, and it does not show the backend's address to the client.
/// </summary>
internal static class AffinityValueCodec
{
    /// <summary>Bytes of the hash kept: 128 bits make accidental collisions between backends irrelevant.</summary>
    public const int ValueBytes = 16;

    /// <summary>The length of every value: <see cref="ValueBytes"/> in unpadded base64url.</summary>
    public const int ValueLength = 22;

    // Domain separation: these bytes never hash to anything but an affinity value, and a future format can
    // change the label without ever colliding with v1 values.
    private static ReadOnlySpan<byte> Label => "sticky-affinity-v1\0"u8;

    /// <summary>
    /// Returns the value for <paramref name="backendId"/> (<see cref="Backends.Backend.Id"/>): the first 16 bytes of
    /// SHA-256 over a labelled input, or of HMAC-SHA256 keyed with <paramref name="secret"/> when one is set,
    /// as base64url (22 cookie-safe characters).
    /// </summary>
    /// <remarks>
    /// Without a secret the value cannot be reversed, but someone who guesses the address space can test
    /// guesses offline and can forge a pin; a secret prevents both.
    /// </remarks>
    public static string Compute(string backendId, ReadOnlySpan<byte> secret)
    {
        ArgumentNullException.ThrowIfNull(backendId);

        var input = new byte[Label.Length + Encoding.UTF8.GetByteCount(backendId)];
        Label.CopyTo(input);
        Encoding.UTF8.GetBytes(backendId, input.AsSpan(Label.Length));

        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (secret.IsEmpty)
        {
            SHA256.HashData(input, mac);
        }
        else
        {
            HMACSHA256.HashData(secret, input, mac);
        }

        return Base64Url.EncodeToString(mac[..ValueBytes]);
    }
}
