// Licensed under the MIT License. See LICENSE in the repository root.

using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Sticky.Forwarding.Http1;

/// <summary>How the body of a response is delimited (RFC 9112, section 6.3).</summary>
internal enum Http1BodyKind
{
    /// <summary>HEAD, 1xx, 204 and 304 responses, and 101 (the connection changes protocol instead).</summary>
    None,
    ContentLength,
    Chunked,

    /// <summary>Neither length nor chunking: the body ends when the backend closes the connection.</summary>
    UntilClose,
}

/// <summary>
/// A parsed response head: status line and the framing facts; the headers themselves go straight to the
/// client's response as they are parsed. The parser is strict where a lenient one would let a backend smuggle
/// a second response (obsolete line folding, conflicting lengths, whitespace before the colon) and fails
/// those responses instead.
/// </summary>
internal struct Http1ResponseHead
{
    /// <summary>The longest response head accepted, as HttpClient's default <c>MaxResponseHeadersLength</c>.</summary>
    public const int MaxHeadLength = 64 * 1024;

    public int StatusCode;
    public bool IsHttp10;
    public bool ConnectionClose;
    public Http1BodyKind BodyKind;
    public long ContentLength;

    /// <summary>Where the head ends in the buffer it was parsed from (after the blank line).</summary>
    public int HeadLength;

    /// <summary>100 Continue, 103 Early Hints and the like: the final response follows on the same connection.</summary>
    public readonly bool IsInterim => StatusCode is >= 100 and < 200 && StatusCode != 101;

    /// <summary>
    /// Finds the end of a head in <paramref name="data"/>: the index after its blank line, or -1 when more bytes
    /// are needed. Lines end with CRLF, or a bare LF as RFC 9112 lets recipients accept.
    /// </summary>
    public static int FindEnd(ReadOnlySpan<byte> data)
    {
        var offset = 0;
        var sawLine = false;
        while (true)
        {
            var lf = data[offset..].IndexOf((byte)'\n');
            if (lf < 0)
            {
                return -1;
            }

            var empty = lf == 0 || (lf == 1 && data[offset] == '\r');
            offset += lf + 1;

            // A blank line before the status line is a stray CRLF after a previous body; RFC 9112 says to skip it.
            if (empty && sawLine)
            {
                return offset;
            }

            sawLine |= !empty;
        }
    }

    /// <summary>
    /// Parses the complete head <paramref name="head"/> (as delimited by <see cref="FindEnd"/>). Headers go to
    /// <paramref name="destination"/> (minus hop-by-hop ones), except those of an interim response (1xx other
    /// than 101, see <see cref="IsInterim"/>): a final one follows and only its headers are the client's.
    /// Returns null on success, or why the head is invalid.
    /// </summary>
    public static string? Parse(
        ReadOnlySpan<byte> head,
        bool isHeadRequest,
        HeaderStringCache strings,
        IHeaderDictionary? destination,
        bool isUpgrade,
        out Http1ResponseHead result,
        out string? reasonPhrase)
    {
        result = default;
        reasonPhrase = null;
        result.HeadLength = head.Length;
        var line = NextLine(ref head);
        while (line.IsEmpty && !head.IsEmpty)
        {
            line = NextLine(ref head);
        }

        if (ParseStatusLine(line, ref result, out reasonPhrase) is { } statusError)
        {
            return statusError;
        }

        if (result.IsInterim)
        {
            destination = null;
        }

        // Connection first: it can declare any other header hop-by-hop.
        var connection = FindConnectionHeader(head);
        result.ConnectionClose = result.IsHttp10
            ? !HopByHopHeaders.IsListedIn(connection, "keep-alive")
            : HopByHopHeaders.IsListedIn(connection, "close");

        var chunked = false;
        var contentLength = -1L;
        var slot = 0;
        var seen = strings.SeenNames;
        seen.Clear();
        while (!head.IsEmpty)
        {
            line = NextLine(ref head);
            if (line.IsEmpty)
            {
                break;
            }

            if (line[0] is (byte)' ' or (byte)'\t')
            {
                return "obsolete line folding in a response header";
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || line[colon - 1] is (byte)' ' or (byte)'\t')
            {
                return "a response header line without a valid name";
            }

            var nameBytes = line[..colon];
            var valueBytes = line[(colon + 1)..].Trim(" \t"u8);
            if (nameBytes.ContainsAny(" \t\r\n\0"u8) || valueBytes.ContainsAny("\r\n\0"u8))
            {
                return "a control character in a response header";
            }

            if (Ascii.EqualsIgnoreCase(nameBytes, "Content-Length"u8))
            {
                if (!Utf8Parser.TryParse(valueBytes, out long length, out var consumed) || consumed != valueBytes.Length || length < 0
                    || (contentLength >= 0 && contentLength != length))
                {
                    return "an invalid Content-Length";
                }

                contentLength = length;
            }
            else if (Ascii.EqualsIgnoreCase(nameBytes, "Transfer-Encoding"u8))
            {
                // Chunked must be the last coding; anything else cannot be delimited and is refused.
                var trimmed = valueBytes.TrimEnd(" \t"u8);
                if (!trimmed.EndsWith("chunked"u8) && !EndsWithIgnoreCase(trimmed, "chunked"u8))
                {
                    return "a Transfer-Encoding that does not end in chunked";
                }

                chunked = true;
            }

            var name = strings.GetName(slot, nameBytes);
            if (destination is not null && HopByHopHeaders.IsForwardedResponseHeader(name, connection, isUpgrade))
            {
                var value = strings.GetValue(slot, valueBytes);
                SetHeader(destination, name, value, seen);
            }

            slot++;
        }

        result.ContentLength = contentLength;
        var status = result.StatusCode;
        if (isHeadRequest || status is < 200 or 204 or 304)
        {
            result.BodyKind = Http1BodyKind.None;
        }
        else if (chunked)
        {
            // RFC 9112 6.3: with both, chunking wins, and the length must not be passed on; the connection is
            // not trusted afterwards.
            result.BodyKind = Http1BodyKind.Chunked;
            if (contentLength >= 0)
            {
                destination?.Remove(HeaderNames.ContentLength);
                result.ConnectionClose = true;
            }
        }
        else if (contentLength >= 0)
        {
            result.BodyKind = Http1BodyKind.ContentLength;
        }
        else
        {
            result.BodyKind = Http1BodyKind.UntilClose;
            result.ConnectionClose = true;
        }

        return null;
    }

    /// <summary>
    /// The first line with a name replaces whatever the response had (Kestrel's own Server and Date, or a value an
    /// app's middleware set); further lines with the same name add values, so several Set-Cookie lines stay several.
    /// </summary>
    private static void SetHeader(IHeaderDictionary destination, string name, string value, List<string> seen)
    {
        if (destination.ContainsKey(name) && WasSeen(seen, name))
        {
            destination.Append(name, value);
            return;
        }

        destination[name] = value;
        seen.Add(name);
    }

    private static bool WasSeen(List<string> seen, string name)
    {
        foreach (var candidate in seen)
        {
            if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string? ParseStatusLine(ReadOnlySpan<byte> line, ref Http1ResponseHead result, out string? reasonPhrase)
    {
        reasonPhrase = null;

        // "HTTP/1.1 200 OK": version, space, three digits, then an optional space and reason.
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || line[8] != ' ' || line[12..] is [not (byte)' ', ..])
        {
            return "an invalid status line";
        }

        result.IsHttp10 = line[7] == '0';
        if (line[7] is not ((byte)'0' or (byte)'1'))
        {
            return "an unsupported HTTP version";
        }

        var code = line.Slice(9, 3);
        if (!char.IsAsciiDigit((char)code[0]) || !char.IsAsciiDigit((char)code[1]) || !char.IsAsciiDigit((char)code[2]) || code[0] == '0')
        {
            return "an invalid status code";
        }

        result.StatusCode = ((code[0] - '0') * 100) + ((code[1] - '0') * 10) + (code[2] - '0');
        var reason = line.Length > 13 ? line[13..] : default;

        // Only a reason that differs from the standard one is kept, which costs a string only when it is used.
        if (!reason.IsEmpty && !Ascii.Equals(reason, ReasonPhrases.GetReasonPhrase(result.StatusCode)))
        {
            reasonPhrase = Encoding.Latin1.GetString(reason);
        }

        return null;
    }

    private static ReadOnlySpan<char> FindConnectionHeader(ReadOnlySpan<byte> headers)
    {
        while (!headers.IsEmpty)
        {
            var line = NextLine(ref headers);
            if (line.Length > 11 && line[10] == ':' && Ascii.EqualsIgnoreCase(line[..10], "Connection"u8))
            {
                // Rare and short: the string is only made when a backend sends Connection at all.
                return Encoding.Latin1.GetString(line[11..].Trim(" \t"u8));
            }
        }

        return default;
    }

    private static ReadOnlySpan<byte> NextLine(ref ReadOnlySpan<byte> data)
    {
        var lf = data.IndexOf((byte)'\n');
        ReadOnlySpan<byte> line;
        if (lf < 0)
        {
            line = data;
            data = default;
        }
        else
        {
            line = data[..lf];
            data = data[(lf + 1)..];
        }

        return line.EndsWith("\r"u8) ? line[..^1] : line;
    }

    private static bool EndsWithIgnoreCase(ReadOnlySpan<byte> value, ReadOnlySpan<byte> suffix)
        => value.Length >= suffix.Length && Ascii.EqualsIgnoreCase(value[^suffix.Length..], suffix);
}
