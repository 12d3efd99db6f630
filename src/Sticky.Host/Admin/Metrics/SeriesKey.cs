// Licensed under the MIT License. See LICENSE in the repository root.

using System.Runtime.CompilerServices;

namespace Sticky.Host.Admin.Metrics;

/// <summary>
/// The tags of one measurement, copied into a struct so a series lookup allocates nothing. Tag names and
/// values compare by value (a boxed status code equals another boxed status code). Up to
/// <see cref="MaxTags"/> tags take part; Sticky's instruments use at most six.
/// </summary>
internal readonly struct SeriesKey : IEquatable<SeriesKey>
{
    public const int MaxTags = 8;

    private readonly TagBuffer _tags;
    private readonly int _hash;

    public SeriesKey(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        Count = Math.Min(tags.Length, MaxTags);
        var hash = new HashCode();
        for (var i = 0; i < Count; i++)
        {
            _tags[i] = tags[i];
            hash.Add(tags[i].Key);
            hash.Add(tags[i].Value);
        }

        _hash = hash.ToHashCode();
    }

    public int Count { get; }

    public KeyValuePair<string, object?> this[int index] => _tags[index];

    public bool Equals(SeriesKey other)
    {
        if (_hash != other._hash || Count != other.Count)
        {
            return false;
        }

        for (var i = 0; i < Count; i++)
        {
            var mine = _tags[i];
            var theirs = other._tags[i];
            if (!string.Equals(mine.Key, theirs.Key, StringComparison.Ordinal) || !Equals(mine.Value, theirs.Value))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is SeriesKey other && Equals(other);

    public override int GetHashCode() => _hash;

    [InlineArray(MaxTags)]
    private struct TagBuffer
    {
        private KeyValuePair<string, object?> _element;
    }
}
