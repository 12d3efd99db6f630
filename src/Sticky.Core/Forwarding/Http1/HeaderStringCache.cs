// Licensed under the MIT License. See LICENSE in the repository root.

using System.Text;

namespace Sticky.Forwarding.Http1;

/// <summary>
/// The header strings of a connection's last response, by position. A backend answers the same way again and
/// again (same names in the same order, mostly the same values), so comparing the new bytes with the string
/// already made for that position reuses almost every string; only what changed (a date, a length) is
/// decoded anew. Kestrel does the same for request headers.
/// </summary>
internal sealed class HeaderStringCache
{
    private const int MaxSlots = 32;
    private readonly string?[] _names = new string?[MaxSlots];
    private readonly string?[] _values = new string?[MaxSlots];

    /// <summary>Scratch for the parser: the header names set so far in the response being parsed.</summary>
    public List<string> SeenNames { get; } = [];

    public string GetName(int slot, ReadOnlySpan<byte> bytes) => Get(_names, slot, bytes);

    public string GetValue(int slot, ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? string.Empty : Get(_values, slot, bytes);

    private static string Get(string?[] slots, int slot, ReadOnlySpan<byte> bytes)
    {
        if ((uint)slot >= MaxSlots)
        {
            return Decode(bytes);
        }

        var cached = slots[slot];
        if (cached is not null && Ascii.Equals(bytes, cached))
        {
            return cached;
        }

        var decoded = Decode(bytes);
        slots[slot] = decoded;
        return decoded;
    }

    // Latin-1, as HttpClient decodes response headers by default: every byte maps to one char, nothing fails.
    private static string Decode(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);
}
