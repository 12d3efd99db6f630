// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Backends;

namespace Sticky.Providers;

/// <summary>
/// Validates backend URLs for a provider that re-reads its whole source on every change, remembering which
/// URLs passed in the previous read: a re-read of 10,000 unchanged URLs then parses none of them (validation
/// builds two <see cref="Uri"/> objects per URL, which was a third of a large swap's allocations).
/// </summary>
/// <remarks>Not thread-safe: a provider validates one read at a time.</remarks>
internal sealed class BackendUrlValidator
{
    private HashSet<string> _previous = new(StringComparer.Ordinal);
    private HashSet<string> _current = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether <paramref name="url"/> is a valid backend URL; <paramref name="error"/> says why not. A URL the
    /// previous read had comes back as that read's string (<paramref name="remembered"/>), so the strings of
    /// unchanged backends stay the long-lived ones instead of surviving into the old generations again.
    /// </summary>
    public bool TryValidate(string url, out string remembered, out string error)
    {
        error = string.Empty;
        if (_previous.TryGetValue(url, out var known))
        {
            _current.Add(known);
            remembered = known;
            return true;
        }

        remembered = url;
        if (!BackendUrl.TryNormalize(url, out _, out _, out error))
        {
            return false;
        }

        _current.Add(url);
        return true;
    }

    /// <summary>How many URLs the next read trusts without parsing.</summary>
    internal int RememberedCount => _previous.Count;

    /// <summary>Ends a read: the URLs valid in it are the ones the next read trusts, and no others.</summary>
    public void EndRead()
    {
        (_previous, _current) = (_current, _previous);
        _current.Clear();
    }
}
