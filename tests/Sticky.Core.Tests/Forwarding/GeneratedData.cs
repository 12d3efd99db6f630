// Licensed under the MIT License. See LICENSE in the repository root.

using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;

namespace Sticky.Forwarding.Tests;

/// <summary>
/// Deterministic test data produced block by block, never held whole: one 64 KB random block whose first eight
/// bytes carry the block number, so reordered, lost or duplicated blocks change the checksum.
/// </summary>
internal static class GeneratedData
{
    public const int BlockSize = 64 * 1024;

    private static readonly byte[] s_pattern = CreatePattern();

    /// <summary>Writes <paramref name="length"/> bytes to <paramref name="destination"/> and returns their SHA-256.</summary>
    public static async Task<byte[]> WriteAsync(Stream destination, long length, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var block = new byte[BlockSize];
        s_pattern.CopyTo(block, 0);
        long written = 0;
        for (long index = 0; written < length; index++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(block, index);
            var count = (int)Math.Min(BlockSize, length - written);
            hash.AppendData(block, 0, count);
            await destination.WriteAsync(block.AsMemory(0, count), cancellationToken);
            written += count;
        }

        return hash.GetHashAndReset();
    }

    /// <summary>Reads <paramref name="source"/> to its end; returns the byte count and SHA-256.</summary>
    public static async Task<(long Length, byte[] Hash)> ReadAsync(Stream source, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[BlockSize];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            total += read;
        }

        return (total, hash.GetHashAndReset());
    }

    private static byte[] CreatePattern()
    {
        var pattern = new byte[BlockSize];
        new Random(20240611).NextBytes(pattern);
        return pattern;
    }

    /// <summary>Request content that generates the data as it is sent, with a known length.</summary>
    public sealed class Content(long totalLength) : HttpContent
    {
        private readonly TaskCompletionSource<byte[]> _hash = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<byte[]> Hash => _hash.Task;

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
            => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
            => _hash.TrySetResult(await WriteAsync(stream, totalLength, cancellationToken));

        protected override bool TryComputeLength(out long length)
        {
            length = totalLength;
            return true;
        }
    }
}
