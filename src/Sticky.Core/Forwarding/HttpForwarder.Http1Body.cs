// Licensed under the MIT License. See LICENSE in the repository root.

using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Sticky.Forwarding.Http1;

namespace Sticky.Forwarding;

internal sealed partial class HttpForwarder
{
    // Output is flushed at the latest after this much, so a fast backend cannot fill the client's pipe unbounded.
    private const int MaxUnflushedBytes = 64 * 1024;

    private static readonly byte[] s_crlf = "\r\n"u8.ToArray();
    private static readonly byte[] s_lastChunk = "0\r\n\r\n"u8.ToArray();

    /// <summary>
    /// Parses the final response head once it is complete in <c>buffer[..received]</c>: into the client's response
    /// headers, skipping (and removing from the buffer) interim 1xx heads. A result with neither an error nor a
    /// head (<see cref="Http1ResponseHead.HeadLength"/> 0) means more bytes are needed; the buffer has room for them.
    /// </summary>
    private static Http1HeadRead ParseResponseHead(HttpContext context, Http1Connection connection, TunnelKind tunnel, ref int received)
    {
        var isHead = HttpMethods.IsHead(context.Request.Method);
        while (true)
        {
            var headEnd = Http1ResponseHead.FindEnd(connection.Buffer.AsSpan(0, received));
            if (headEnd < 0)
            {
                if (received >= Http1ResponseHead.MaxHeadLength)
                {
                    return Http1HeadRead.Failed(new Http1InvalidResponseException($"a response head over {Http1ResponseHead.MaxHeadLength / 1024} KB"), received);
                }

                if (received == connection.Buffer.Length)
                {
                    connection.GrowBuffer(received);
                }

                return default;
            }

            var isUpgrade = tunnel == TunnelKind.Upgrade;
            var error = Http1ResponseHead.Parse(
                connection.Buffer.AsSpan(0, headEnd),
                isHead,
                connection.Strings,
                context.Response.Headers,
                isUpgrade,
                out var head,
                out var reason);
            if (error is not null)
            {
                return Http1HeadRead.Failed(new Http1InvalidResponseException(error), received);
            }

            if (head.IsInterim)
            {
                // 100 Continue, 103 Early Hints: the final response follows on the same connection.
                connection.Buffer.AsSpan(headEnd, received - headEnd).CopyTo(connection.Buffer);
                received -= headEnd;
                continue;
            }

            if (head.StatusCode == StatusCodes.Status101SwitchingProtocols && tunnel == TunnelKind.None)
            {
                return Http1HeadRead.Failed(new Http1InvalidResponseException("101 Switching Protocols to a request that asked for no upgrade"), received);
            }

            if (tunnel == TunnelKind.ExtendedConnect && head.StatusCode == StatusCodes.Status101SwitchingProtocols)
            {
                // The HTTP/2 client sent no key, so it must not get an accept value.
                context.Response.Headers.Remove(Microsoft.Net.Http.Headers.HeaderNames.SecWebSocketAccept);
            }
            else if (isUpgrade && head.StatusCode != StatusCodes.Status101SwitchingProtocols)
            {
                context.Response.Headers.Remove(Microsoft.Net.Http.Headers.HeaderNames.Upgrade);
            }

            return new Http1HeadRead(head, reason, null, received);
        }
    }

    /// <summary>Sends the request head, then the client's body (as received, or chunked), restarting the timeout as it flows.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<Http1BodySendResult> SendHeadAndBodyAsync(Http1Connection connection, PipeReader body, bool chunked)
    {
        var socket = connection.Socket;
        var sent = await SendHeadAsync(connection);
        if (sent is not null)
        {
            return new Http1BodySendResult(false, null);
        }

        // From here the body may be partly consumed: the request can no longer be replayed elsewhere.
        connection.BodyStarted = true;
        var scratch = connection.ChunkHeader;
        try
        {
            while (true)
            {
                ReadResult read;
                try
                {
                    read = await body.ReadAsync();
                }
                catch (Exception ex)
                {
                    // The client's body broke (bad chunking, size limit, abort): the upstream request must not look complete.
                    connection.Abort(Http1AbortReason.ClientBodyFailed);
                    return new Http1BodySendResult(false, ex);
                }

                var buffer = read.Buffer;
                try
                {
                    foreach (var segment in buffer)
                    {
                        if (segment.IsEmpty)
                        {
                            continue;
                        }

                        if (chunked)
                        {
                            Utf8Formatter.TryFormat(segment.Length, scratch, out var written, new StandardFormat('X'));
                            "\r\n"u8.CopyTo(scratch.AsSpan(written));
                            await SendAllAsync(socket, scratch.AsMemory(0, written + 2));
                        }

                        await SendAllAsync(socket, segment);
                        if (chunked)
                        {
                            await SendAllAsync(socket, s_crlf);
                        }
                    }
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
                {
                    // The backend stopped reading; its response (often a 413 or 401) may still be on the way.
                    body.AdvanceTo(buffer.End);
                    return new Http1BodySendResult(false, null);
                }

                body.AdvanceTo(buffer.End);
                connection.RestartTimeout();
                if (read.IsCompleted || read.IsCanceled)
                {
                    break;
                }
            }

            if (chunked)
            {
                await SendAllAsync(socket, s_lastChunk);
            }

            return new Http1BodySendResult(true, null);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
        {
            return new Http1BodySendResult(false, null);
        }
    }

    /// <summary>
    /// Relays the response body: <c>buffer[start..end]</c> already holds its first bytes. Output is flushed
    /// only when the backend has nothing more ready (or after <see cref="MaxUnflushedBytes"/>), so a whole small
    /// response leaves in one write with its headers, while a stream (SSE, long poll) reaches the client at once.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<Http1Relay> RelayResponseBodyAsync(HttpContext context, Http1Connection connection, Http1ResponseHead head, int start, int end)
    {
        var relay = await CopyResponseBodyAsync(context, connection, head, start, end);
        if (relay.Status == StreamCopyStatus.Success)
        {
            // Flushed here rather than left to the end of the request: bytes written after an earlier flush were
            // seen to wait in Kestrel's pipe until the client connection closed. For a small response this is
            // the one write of the whole response anyway.
            try
            {
                var flush = await context.Response.BodyWriter.FlushAsync();
                if (flush.IsCanceled || flush.IsCompleted)
                {
                    return new Http1Relay(StreamCopyStatus.OutputError, null, relay.Reusable);
                }
            }
            catch (Exception ex)
            {
                return new Http1Relay(StreamCopyStatus.OutputError, ex, relay.Reusable);
            }
        }

        return relay;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<Http1Relay> CopyResponseBodyAsync(HttpContext context, Http1Connection connection, Http1ResponseHead head, int start, int end)
    {
        var writer = context.Response.BodyWriter;
        var socket = connection.Socket;
        var remaining = head.ContentLength;
        var chunks = default(ChunkedDecoder);
        IHeaderDictionary? trailers = null;
        var needsFlush = true;
        var unflushed = 0;
        var reading = false;
        try
        {
            if (head.BodyKind == Http1BodyKind.None)
            {
                return new Http1Relay(StreamCopyStatus.Success, null, start == end);
            }

            if (head.BodyKind == Http1BodyKind.Chunked)
            {
                var feature = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
                trailers = feature is { IsReadOnly: false } ? feature : null;
            }

            while (true)
            {
                // Consume what is in the buffer.
                switch (head.BodyKind)
                {
                    case Http1BodyKind.ContentLength:
                    {
                        var take = (int)Math.Min(end - start, remaining);
                        if (take > 0)
                        {
                            writer.Write(connection.Buffer.AsSpan(start, take));
                            unflushed += take;
                            needsFlush = true;
                            start += take;
                            remaining -= take;
                        }

                        if (remaining == 0)
                        {
                            // Anything after the body was never asked for: the connection cannot be trusted again.
                            return new Http1Relay(StreamCopyStatus.Success, null, start == end);
                        }

                        start = end = 0;
                        break;
                    }

                    case Http1BodyKind.Chunked:
                    {
                        while (start < end)
                        {
                            var step = chunks.Next(connection.Buffer.AsSpan(start, end - start), trailers, out var consumed, out var dataOffset, out var dataLength);
                            if (step == ChunkedStep.Data)
                            {
                                writer.Write(connection.Buffer.AsSpan(start + dataOffset, dataLength));
                                unflushed += dataLength;
                                needsFlush = true;
                            }

                            start += consumed;
                            if (step == ChunkedStep.Done)
                            {
                                return new Http1Relay(StreamCopyStatus.Success, null, start == end);
                            }

                            if (step == ChunkedStep.Invalid)
                            {
                                return new Http1Relay(StreamCopyStatus.InputError, new Http1InvalidResponseException("invalid chunked encoding"), false);
                            }

                            if (step == ChunkedStep.NeedMore)
                            {
                                break;
                            }
                        }

                        // Keep a partial size or trailer line at the front; data needs no keeping.
                        connection.Buffer.AsSpan(start, end - start).CopyTo(connection.Buffer);
                        end -= start;
                        start = 0;
                        if (end == connection.Buffer.Length)
                        {
                            connection.GrowBuffer(end);
                        }

                        break;
                    }

                    default:
                        if (end > start)
                        {
                            writer.Write(connection.Buffer.AsSpan(start, end - start));
                            unflushed += end - start;
                            needsFlush = true;
                        }

                        start = end = 0;
                        break;
                }

                var receive = socket.ReceiveAsync(connection.Buffer.AsMemory(end), SocketFlags.None);
                if ((!receive.IsCompleted && needsFlush) || unflushed >= MaxUnflushedBytes)
                {
                    reading = false;
                    var flush = await writer.FlushAsync();
                    needsFlush = false;
                    unflushed = 0;
                    if (flush.IsCanceled || flush.IsCompleted)
                    {
                        // The client is gone; stop the pending receive with the connection.
                        connection.Abort(Http1AbortReason.ClientAborted);
                        await IgnoreAsync(receive);
                        return new Http1Relay(StreamCopyStatus.OutputError, null, false);
                    }
                }

                reading = true;
                var read = await receive;
                if (read == 0)
                {
                    if (head.BodyKind == Http1BodyKind.UntilClose)
                    {
                        return new Http1Relay(StreamCopyStatus.Success, null, false);
                    }

                    return new Http1Relay(StreamCopyStatus.InputError, new IOException("The backend closed the connection before the response body ended."), false);
                }

                end += read;
            }
        }
        catch (Exception ex)
        {
            return new Http1Relay(reading ? StreamCopyStatus.InputError : StreamCopyStatus.OutputError, ex, false);
        }
    }

    private static async ValueTask IgnoreAsync(ValueTask<int> receive)
    {
        try
        {
            await receive;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
        {
            // The connection was closed to stop this receive.
        }
    }
}

/// <summary>The final response head, or why there is none; <see cref="Received"/> counts the bytes in the buffer.</summary>
internal readonly record struct Http1HeadRead(Http1ResponseHead Head, string? ReasonPhrase, Exception? Error, int Received)
{
    public static Http1HeadRead Failed(Exception error, int received) => new(default, null, error, received);
}

/// <summary>How the request body went up: all of it, or not (and whether the client's side was at fault).</summary>
internal readonly record struct Http1BodySendResult(bool Completed, Exception? ClientError);

/// <summary>How relaying the response body ended, and whether the connection can carry another request.</summary>
internal record struct Http1Relay(StreamCopyStatus Status, Exception? Error, bool Reusable);

/// <summary>The backend's response could not be parsed; the message says what was wrong.</summary>
internal sealed class Http1InvalidResponseException : Exception
{
    public Http1InvalidResponseException(string problem)
        : base($"The backend sent an invalid response: {problem}.")
    {
    }
}
