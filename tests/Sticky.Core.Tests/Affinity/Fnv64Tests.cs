// Licensed under the MIT License. See LICENSE in the repository root.

using System.Text;

namespace Sticky.Affinity.Tests;

[TestFixture]
public sealed class Fnv64Tests
{
    // Reference vectors from the FNV specification (draft-eastlake-fnv), which Go's hash/fnv follows.
    [TestCase("", 0xcbf29ce484222325UL, 0xcbf29ce484222325UL)]
    [TestCase("a", 0xaf63bd4c8601b7beUL, 0xaf63dc4c8601ec8cUL)]
    [TestCase("foobar", 0x340d8765a4dda9c2UL, 0x85944171f73967e8UL)]
    public void Hashes_ReferenceVectors_Match(string input, ulong fnv1, ulong fnv1a)
    {
        var bytes = Encoding.UTF8.GetBytes(input);

        Assert.That(Fnv64.Fnv1(bytes), Is.EqualTo(fnv1));
        Assert.That(Fnv64.Fnv1a(bytes), Is.EqualTo(fnv1a));
    }

    [TestCase("")]
    [TestCase("http://10.0.0.5:8000")]
    [TestCase("h\u00e9llo \ud83d\ude00")]
    public void Fnv1a_Chars_EqualsBytesOfUtf16LittleEndian(string input)
    {
        Assert.That(Fnv64.Fnv1a(input.AsSpan()), Is.EqualTo(Fnv64.Fnv1a(Encoding.Unicode.GetBytes(input))));
    }
}
