// Licensed under the MIT License. See LICENSE in the repository root.

using System.Buffers;
using System.Buffers.Text;
using System.Text;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Sticky.Forwarding.Http1;

/// <summary>
/// Writes an HTTP/1.1 request head (request line, headers, blank line) into a buffer, straight from the
/// client's strings. One instance per connection with its own buffer, reused for each request; a head that
/// outgrows it borrows a larger one from the shared pool for that request.
/// </summary>
internal sealed class Http1RequestHead : IRequestHeaderSink
{
    private const int BufferSize = 4 * 1024;
    private static readonly SearchValues<char> s_lineBreaks = SearchValues.Create("\r\n\0");
    private readonly byte[] _ownBuffer = new byte[BufferSize];
    private byte[] _buffer = [];
    private int _length;

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    /// <summary>Whether the client's request carried <c>Content-Length</c>; the transport frames the body itself.</summary>
    public bool SawContentLength { get; private set; }

    public void Begin(string method, ReadOnlySpan<char> pathPrefix, string path, string? query)
    {
        _buffer = _ownBuffer;
        _length = 0;
        SawContentLength = false;
        WriteLatin1(method);
        WriteByte((byte)' ');

        // PathString.ToUriComponent and QueryString are already escaped to ASCII.
        WriteLatin1(pathPrefix);
        WriteLatin1(path.Length == 0 && pathPrefix.IsEmpty ? "/" : path);
        WriteLatin1(query);
        WriteAscii(" HTTP/1.1\r\n"u8);
    }

    public void Add(string name, string value) => Add(name, new StringValues(value));

    public void Add(string name, StringValues values)
    {
        // Framing is the transport's: it sends the body it actually relays, with its own length or chunking.
        if (string.Equals(name, HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase))
        {
            SawContentLength = true;
            return;
        }

        WriteHeaderName(name);
        for (var i = 0; i < values.Count; i++)
        {
            if (i != 0)
            {
                WriteAscii(", "u8);
            }

            WriteValue(values[i]);
        }

        WriteAscii("\r\n"u8);
    }

    /// <summary>Writes a header whose value is a number, without making a string of it.</summary>
    public void Add(string name, long value)
    {
        WriteHeaderName(name);
        Ensure(20);
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_length), out var written);
        _length += written;
        WriteAscii("\r\n"u8);
    }

    /// <summary>Writes a header whose value is already bytes (a backend's authority).</summary>
    public void Add(string name, ReadOnlySpan<byte> value)
    {
        WriteHeaderName(name);
        WriteAscii(value);
        WriteAscii("\r\n"u8);
    }

    public void End() => WriteAscii("\r\n"u8);

    public void Release()
    {
        if (!ReferenceEquals(_buffer, _ownBuffer) && _buffer.Length != 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = [];
    }

    private void WriteHeaderName(string name)
    {
        WriteLatin1(name);
        WriteAscii(": "u8);
    }

    private void WriteValue(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        // Kestrel refuses these on the way in; this keeps a header the forwarder made itself from splitting the
        // request (response splitting's twin) should one ever carry them.
        if (value.AsSpan().ContainsAny(s_lineBreaks))
        {
            throw new InvalidOperationException("A request header value contains a line break.");
        }

        // Latin-1 when every char fits, as HttpClient sends; UTF-8 otherwise rather than failing the request.
        if (!value.AsSpan().ContainsAnyExceptInRange((char)0, (char)0xFF))
        {
            WriteLatin1(value);
            return;
        }

        Ensure(Encoding.UTF8.GetMaxByteCount(value.Length));
        _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
    }

    private void WriteLatin1(ReadOnlySpan<char> text)
    {
        Ensure(text.Length);
        _length += Encoding.Latin1.GetBytes(text, _buffer.AsSpan(_length));
    }

    private void WriteAscii(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    private void Ensure(int count)
    {
        if (_length + count <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        if (!ReferenceEquals(_buffer, _ownBuffer))
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = larger;
    }
}
