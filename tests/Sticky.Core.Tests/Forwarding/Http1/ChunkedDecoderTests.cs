// Licensed under the MIT License. See LICENSE in the repository root.

using System.Text;
using Microsoft.AspNetCore.Http;

namespace Sticky.Forwarding.Http1.Tests;

[TestFixture]
public sealed class ChunkedDecoderTests
{
    private const string Body = "5;ext=\"a b\"\r\nhello\r\n1\r\n \r\nB\r\nchunk world\r\n0\r\nX-Checksum: 42\r\nX-Other:  two \r\n\r\n";

    [Test]
    public void Next_BodyArrivesInTwoPiecesSplitAnywhere_DecodesTheSame()
    {
        var bytes = Encoding.ASCII.GetBytes(Body);
        for (var split = 0; split <= bytes.Length; split++)
        {
            var (data, trailers, done) = Decode(bytes[..split], bytes[split..]);

            Assert.Multiple(() =>
            {
                Assert.That(done, Is.True, $"split at {split}");
                Assert.That(data, Is.EqualTo("hello chunk world"), $"split at {split}");
                Assert.That(trailers["X-Checksum"].ToString(), Is.EqualTo("42"), $"split at {split}");
                Assert.That(trailers["X-Other"].ToString(), Is.EqualTo("two"), $"split at {split}");
            });
        }
    }

    [TestCase("G\r\nhello\r\n0\r\n\r\n", TestName = "Next_NonHexSize_IsInvalid")]
    [TestCase("5\r\nhelloXX0\r\n\r\n", TestName = "Next_DataNotFollowedByLineEnd_IsInvalid")]
    [TestCase("1000000000000000\r\n", TestName = "Next_SizeTooLarge_IsInvalid")]
    [TestCase("0\r\n folded: trailer\r\n\r\n", TestName = "Next_TrailerWithLeadingWhitespace_IsInvalid")]
    public void Next_MalformedInput_IsInvalid(string input)
    {
        var decoder = default(ChunkedDecoder);
        var bytes = Encoding.ASCII.GetBytes(input);
        var offset = 0;
        var step = ChunkedStep.Data;
        while (step == ChunkedStep.Data)
        {
            step = decoder.Next(bytes.AsSpan(offset), trailers: null, out var consumed, out _, out _);
            offset += consumed;
        }

        Assert.That(step, Is.EqualTo(ChunkedStep.Invalid));
    }

    [Test]
    public void Next_EndlessSizeLine_IsInvalidOnceOverTheLimit()
    {
        var decoder = default(ChunkedDecoder);
        var line = Encoding.ASCII.GetBytes("5;" + new string('x', 9000));

        var step = decoder.Next(line, trailers: null, out var consumed, out _, out _);

        Assert.Multiple(() =>
        {
            Assert.That(step, Is.EqualTo(ChunkedStep.Invalid));
            Assert.That(consumed, Is.Zero);
        });
    }

    // Feeds the pieces as a receive loop would: unconsumed bytes are kept and the next piece appended.
    private static (string Data, HeaderDictionary Trailers, bool Done) Decode(params byte[][] pieces)
    {
        var decoder = default(ChunkedDecoder);
        var trailers = new HeaderDictionary();
        var data = new StringBuilder();
        var pending = Array.Empty<byte>();
        foreach (var piece in pieces)
        {
            pending = [.. pending, .. piece];
            var offset = 0;
            while (offset < pending.Length)
            {
                var step = decoder.Next(pending.AsSpan(offset), trailers, out var consumed, out var dataOffset, out var dataLength);
                if (step == ChunkedStep.Data)
                {
                    data.Append(Encoding.ASCII.GetString(pending, offset + dataOffset, dataLength));
                }

                offset += consumed;
                if (step == ChunkedStep.Done)
                {
                    return (data.ToString(), trailers, true);
                }

                Assert.That(step, Is.Not.EqualTo(ChunkedStep.Invalid));
                if (step == ChunkedStep.NeedMore)
                {
                    break;
                }
            }

            pending = pending[offset..];
        }

        return (data.ToString(), trailers, false);
    }
}
