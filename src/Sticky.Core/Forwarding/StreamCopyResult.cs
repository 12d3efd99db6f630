// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Forwarding;

/// <summary>The result of <see cref="StreamCopier.CopyAsync"/>.</summary>
internal readonly struct StreamCopyResult
{
    public StreamCopyResult(StreamCopyStatus status, long bytesCopied, Exception? error)
    {
        Status = status;
        BytesCopied = bytesCopied;
        Error = error;
    }

    public StreamCopyStatus Status { get; }

    public long BytesCopied { get; }

    public Exception? Error { get; }
}
