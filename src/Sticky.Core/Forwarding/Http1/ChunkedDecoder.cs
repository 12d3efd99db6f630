// Licensed under the MIT License. See LICENSE in the repository root.

using System.Text;
using Microsoft.AspNetCore.Http;

namespace Sticky.Forwarding.Http1;

/// <summary>What <see cref="ChunkedDecoder.Next"/> found.</summary>
internal enum ChunkedStep
{
    /// <summary>The input ends inside a size or trailer line; receive more and call again with it.</summary>
    NeedMore,

    /// <summary>A piece of body data is in the input; the caller relays it.</summary>
    Data,

    /// <summary>The last chunk and the trailers have been read: the body is complete.</summary>
    Done,

    Invalid,
}

/// <summary>
/// Decodes a chunked body (RFC 9112, section 7.1) incrementally from whatever bytes have arrived, handing out
/// the data in place rather than copying it. Trailers go to the client's trailers when it can receive them.
/// </summary>
internal struct ChunkedDecoder
{
    // Longer size or trailer lines are refused: nothing legitimate needs them, and they would have to be buffered.
    private const int MaxLineLength = 8 * 1024;
    private const int MaxTrailerBytes = 64 * 1024;

    private State _state;
    private long _remaining;
    private int _trailerBytes;

    private enum State
    {
        Size,
        Data,
        DataEnd,
        Trailers,
        Done,
    }

    /// <summary>
    /// Consumes from <paramref name="input"/>: <paramref name="consumed"/> bytes are done with; for
    /// <see cref="ChunkedStep.Data"/>, the data is <paramref name="dataLength"/> bytes at <paramref name="dataOffset"/>.
    /// </summary>
    public ChunkedStep Next(ReadOnlySpan<byte> input, IHeaderDictionary? trailers, out int consumed, out int dataOffset, out int dataLength)
    {
        consumed = 0;
        dataOffset = 0;
        dataLength = 0;
        while (true)
        {
            var rest = input[consumed..];
            switch (_state)
            {
                case State.Size:
                {
                    if (!TryTakeLine(rest, out var line, out var lineBytes))
                    {
                        return rest.Length > MaxLineLength ? ChunkedStep.Invalid : ChunkedStep.NeedMore;
                    }

                    if (!TryParseSize(line, out _remaining))
                    {
                        return ChunkedStep.Invalid;
                    }

                    consumed += lineBytes;
                    _state = _remaining == 0 ? State.Trailers : State.Data;
                    break;
                }

                case State.Data:
                {
                    if (rest.IsEmpty)
                    {
                        return ChunkedStep.NeedMore;
                    }

                    var take = (int)Math.Min(rest.Length, _remaining);
                    dataOffset = consumed;
                    dataLength = take;
                    consumed += take;
                    _remaining -= take;
                    if (_remaining == 0)
                    {
                        _state = State.DataEnd;
                    }

                    return ChunkedStep.Data;
                }

                case State.DataEnd:
                {
                    if (!TryTakeLine(rest, out var line, out var lineBytes))
                    {
                        return rest.Length > 2 ? ChunkedStep.Invalid : ChunkedStep.NeedMore;
                    }

                    if (!line.IsEmpty)
                    {
                        return ChunkedStep.Invalid;
                    }

                    consumed += lineBytes;
                    _state = State.Size;
                    break;
                }

                case State.Trailers:
                {
                    if (!TryTakeLine(rest, out var line, out var lineBytes))
                    {
                        return rest.Length > MaxLineLength ? ChunkedStep.Invalid : ChunkedStep.NeedMore;
                    }

                    consumed += lineBytes;
                    _trailerBytes += lineBytes;
                    if (line.IsEmpty)
                    {
                        _state = State.Done;
                        return ChunkedStep.Done;
                    }

                    if (_trailerBytes > MaxTrailerBytes || !TryAddTrailer(line, trailers))
                    {
                        return ChunkedStep.Invalid;
                    }

                    break;
                }

                default:
                    return ChunkedStep.Done;
            }
        }
    }

    private static bool TryTakeLine(ReadOnlySpan<byte> input, out ReadOnlySpan<byte> line, out int length)
    {
        var lf = input.IndexOf((byte)'\n');
        if (lf < 0)
        {
            line = default;
            length = 0;
            return false;
        }

        line = input[..lf];
        if (line.EndsWith("\r"u8))
        {
            line = line[..^1];
        }

        length = lf + 1;
        return true;
    }

    private static bool TryParseSize(ReadOnlySpan<byte> line, out long size)
    {
        size = 0;

        // Extensions (";name=value") carry nothing a proxy needs.
        var semicolon = line.IndexOf((byte)';');
        var digits = (semicolon < 0 ? line : line[..semicolon]).TrimEnd(" \t"u8);
        if (digits.IsEmpty || digits.Length > 15)
        {
            return false;
        }

        foreach (var b in digits)
        {
            var value = HexValue(b);
            if (value < 0)
            {
                return false;
            }

            size = (size << 4) | (uint)value;
        }

        return true;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private static bool TryAddTrailer(ReadOnlySpan<byte> line, IHeaderDictionary? trailers)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0 || line[0] is (byte)' ' or (byte)'\t' || line[..colon].ContainsAny(" \t\0"u8))
        {
            return false;
        }

        var name = Encoding.Latin1.GetString(line[..colon]);
        if (trailers is not null && !HopByHopHeaders.Contains(name))
        {
            // Trailers are rare (gRPC, some streaming APIs), so their strings are not cached.
            trailers.Append(name, Encoding.Latin1.GetString(line[(colon + 1)..].Trim(" \t"u8)));
        }

        return true;
    }
}
