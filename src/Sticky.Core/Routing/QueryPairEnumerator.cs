// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Routing;

/// <summary>
/// Walks the <c>key=value</c> pairs of a raw query string as spans, still URL-encoded.
/// <see cref="Microsoft.AspNetCore.Http.HttpRequest.Query"/> would allocate a dictionary per request.
/// </summary>
internal ref struct QueryPairEnumerator
{
    private ReadOnlySpan<char> _remaining;

    public QueryPairEnumerator(ReadOnlySpan<char> queryString)
    {
        _remaining = queryString.StartsWith('?') ? queryString[1..] : queryString;
    }

    public ReadOnlySpan<char> Key { get; private set; }

    public ReadOnlySpan<char> Value { get; private set; }

    public bool MoveNext()
    {
        while (!_remaining.IsEmpty)
        {
            var end = _remaining.IndexOf('&');
            var pair = end < 0 ? _remaining : _remaining[..end];
            _remaining = end < 0 ? default : _remaining[(end + 1)..];
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf('=');
            Key = equals < 0 ? pair : pair[..equals];
            Value = equals < 0 ? default : pair[(equals + 1)..];
            return true;
        }

        return false;
    }
}
