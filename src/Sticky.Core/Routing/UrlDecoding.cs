// Licensed under the MIT License. See LICENSE in the repository root.

using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Sticky.Routing;

/// <summary>
/// Compares URL-encoded query components with rule text as if they were decoded (<c>+</c> and
/// <c>%XX</c>), without allocating: the common case has nothing to decode and is compared in place.
/// </summary>
internal static class UrlDecoding
{
    private const int StackLimit = 256;

    public static bool EqualsDecoded(ReadOnlySpan<char> encoded, string expected) =>
        encoded.IndexOfAny('%', '+') < 0 ? encoded.SequenceEqual(expected) : EqualsSlow(encoded, expected);

    public static bool IsMatchDecoded(ReadOnlySpan<char> encoded, Regex regex) =>
        encoded.IndexOfAny('%', '+') < 0 ? RuleRegex.IsMatch(regex, encoded) : IsMatchSlow(encoded, regex);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool EqualsSlow(ReadOnlySpan<char> encoded, string expected)
    {
        char[]? rented = null;
        var buffer = encoded.Length * 2 <= StackLimit
            ? stackalloc char[StackLimit]
            : (rented = ArrayPool<char>.Shared.Rent(encoded.Length * 2));
        try
        {
            return Decode(encoded, buffer).SequenceEqual(expected);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool IsMatchSlow(ReadOnlySpan<char> encoded, Regex regex)
    {
        char[]? rented = null;
        var buffer = encoded.Length * 2 <= StackLimit
            ? stackalloc char[StackLimit]
            : (rented = ArrayPool<char>.Shared.Rent(encoded.Length * 2));
        try
        {
            return RuleRegex.IsMatch(regex, Decode(encoded, buffer));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    // Decoding never makes text longer, so each half of a buffer twice the input's length is enough.
    private static ReadOnlySpan<char> Decode(ReadOnlySpan<char> encoded, Span<char> buffer)
    {
        var plusDecoded = buffer[..encoded.Length];
        var decoded = buffer.Slice(encoded.Length, encoded.Length);
        encoded.CopyTo(plusDecoded);
        plusDecoded.Replace('+', ' ');
        return Uri.TryUnescapeDataString(plusDecoded, decoded, out var written) ? decoded[..written] : encoded;
    }
}
