// Licensed under the MIT License. See LICENSE in the repository root.

using System.Buffers;

namespace Sticky.Forwarding;

/// <summary>Copies a body from one stream to another through a pooled buffer, never holding more than one buffer.</summary>
internal static class StreamCopier
{
    // 64 KB as YARP's StreamCopier: large enough for loopback throughput, small enough to stay out of the LOH.
    public const int BufferSize = 64 * 1024;

    /// <summary>
    /// Copies until <paramref name="source"/> ends. Output is flushed whenever the source has no data ready, so
    /// streamed responses (SSE, long polling, WebSocket frames) reach the peer at once while bursts are written
    /// without a flush per read. <paramref name="flushFirst"/> pushes response headers out before the first wait.
    /// Each write restarts <paramref name="activity"/>'s timeout, so a slow but flowing upload is not cut off.
    /// </summary>
    public static async ValueTask<StreamCopyResult> CopyAsync(
        Stream source,
        Stream destination,
        bool flushFirst,
        ForwardingCancellation? activity,
        CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        var needsFlush = flushFirst;
        var reading = true;
        long total = 0;
        try
        {
            while (true)
            {
                reading = true;

                // A zero-byte read waits for data without a buffer, so an idle stream (a quiet WebSocket, a
                // long poll) does not pin 64 KB; streams that cannot do this complete it at once, harmlessly.
                var ready = source.ReadAsync(Memory<byte>.Empty, cancellationToken);
                if (ready.IsCompletedSuccessfully)
                {
                    _ = ready.Result;
                }
                else
                {
                    if (needsFlush)
                    {
                        reading = false;
                        await destination.FlushAsync(cancellationToken);
                        needsFlush = false;
                        reading = true;
                    }

                    var idle = buffer;
                    buffer = null;
                    ArrayPool<byte>.Shared.Return(idle);
                    await ready;
                    buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
                }

                var read = await source.ReadAsync(buffer.AsMemory(), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                reading = false;
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                total += read;
                needsFlush = true;
                activity?.RestartTimeout();
            }

            if (needsFlush)
            {
                reading = false;
                await destination.FlushAsync(cancellationToken);
            }

            return new StreamCopyResult(StreamCopyStatus.Success, total, null);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            return new StreamCopyResult(StreamCopyStatus.Canceled, total, ex);
        }
        catch (Exception ex)
        {
            return new StreamCopyResult(reading ? StreamCopyStatus.InputError : StreamCopyStatus.OutputError, total, ex);
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
