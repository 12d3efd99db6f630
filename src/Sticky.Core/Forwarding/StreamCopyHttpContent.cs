// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;
using System.Runtime.ExceptionServices;

namespace Sticky.Forwarding;

/// <summary>
/// The upstream request's content: the client's request body, streamed as the handler sends it. Its length
/// comes from the copied <c>Content-Length</c> header; without one the handler sends it chunked.
/// </summary>
internal sealed class StreamCopyHttpContent : HttpContent
{
    private readonly Stream _source;
    private readonly ForwardingCancellation _cancellation;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;

    public StreamCopyHttpContent(Stream source, ForwardingCancellation cancellation)
    {
        _source = source;
        _cancellation = cancellation;
    }

    /// <summary>
    /// Set as soon as the handler starts sending the body, before the first byte is read from the client: from
    /// then on the body may be partly consumed and the request can no longer be replayed elsewhere.
    /// </summary>
    public bool Started => Volatile.Read(ref _started) != 0;

    /// <summary>Completes when a started copy has finished; see <see cref="InProgress"/>.</summary>
    public Task Completion => _completion.Task;

    public bool InProgress => Started && !_completion.Task.IsCompleted;

    public StreamCopyResult Result { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            // The handler retries a request on a fresh connection only if the content was never sent; a second
            // send would read a half-consumed body.
            throw new InvalidOperationException("The request body has already been sent and cannot be replayed.");
        }

        try
        {
            // The forwarder's token, not the handler's, so the client's abort and the timeout stop the copy.
            var result = await StreamCopier.CopyAsync(_source, stream, flushFirst: false, _cancellation, _cancellation.Token);
            Result = result;
            if (result.Error is not null)
            {
                ExceptionDispatchInfo.Throw(result.Error);
            }
        }
        finally
        {
            _completion.TrySetResult();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }

    protected override Task<Stream> CreateContentReadStreamAsync()
        => throw new NotSupportedException("A forwarded request body can only be streamed upstream.");
}
