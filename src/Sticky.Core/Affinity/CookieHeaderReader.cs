// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Primitives;

namespace Sticky.Affinity;

/// <summary>
/// Enumerates, without allocating, every value of the cookie named <c>name</c> in one or more
/// <c>Cookie</c> headers (<c>a=b; c=d</c>). HTTP/2 clients may send one header per cookie, and a client
/// may send a name twice (different paths or domains), so every occurrence is yielded in order.
/// </summary>
/// <remarks>
/// Parsing is lenient and never throws: whitespace around names and values is ignored, pairs without
/// <c>=</c> and empty pairs are skipped, one pair of surrounding double quotes is removed from a value, and
/// any other character (non-ASCII included) is passed through for the caller to match or reject. Names are
/// compared ordinally, as cookie names are case-sensitive. Only <c>;</c> separates pairs, as in RFC 6265
/// and Go's <c>net/http</c>, which parsed the cookies Traefik issued. Work is linear in the header length.
/// </remarks>
internal ref struct CookieHeaderReader
{
    private readonly StringValues _headers;
    private readonly string _name;
    private int _headerIndex;
    private ReadOnlySpan<char> _remaining;
    private ReadOnlySpan<char> _current;

    public CookieHeaderReader(StringValues headers, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        _headers = headers;
        _name = name;
        _headerIndex = -1;
    }

    /// <summary>The current value, unquoted; may be empty (<c>name=</c>).</summary>
    public readonly ReadOnlySpan<char> Current => _current;

    public readonly CookieHeaderReader GetEnumerator() => this;

    public bool MoveNext()
    {
        while (true)
        {
            while (_remaining.IsEmpty)
            {
                if (++_headerIndex >= _headers.Count)
                {
                    _headerIndex = _headers.Count;
                    _current = default;
                    return false;
                }

                _remaining = _headers[_headerIndex].AsSpan();
            }

            ReadOnlySpan<char> pair;
            var separator = _remaining.IndexOf(';');
            if (separator < 0)
            {
                pair = _remaining;
                _remaining = default;
            }
            else
            {
                pair = _remaining[..separator];
                _remaining = _remaining[(separator + 1)..];
            }

            if (TryGetValue(pair, _name, out _current))
            {
                return true;
            }
        }
    }

    private static bool TryGetValue(ReadOnlySpan<char> pair, string name, out ReadOnlySpan<char> value)
    {
        value = default;
        var equals = pair.IndexOf('=');
        if (equals < 0 || !pair[..equals].Trim(" \t").SequenceEqual(name))
        {
            return false;
        }

        value = pair[(equals + 1)..].Trim(" \t");
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            value = value[1..^1];
        }

        return true;
    }
}
