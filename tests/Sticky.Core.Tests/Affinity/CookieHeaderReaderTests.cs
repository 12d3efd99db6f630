// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Primitives;

namespace Sticky.Affinity.Tests;

[TestFixture]
public sealed class CookieHeaderReaderTests
{
    private const string Name = "_a49bc";

    [TestCase("_a49bc=v", new[] { "v" })]
    [TestCase("a=1; _a49bc=v; b=2", new[] { "v" })]
    [TestCase("a=1;_a49bc=v;b=2", new[] { "v" })]
    [TestCase("  _a49bc \t=  v  ;  ", new[] { "v" })]
    [TestCase("_a49bc=\"v\"", new[] { "v" })]
    [TestCase("_a49bc=\"", new[] { "\"" })]
    [TestCase("_a49bc=\"\"", new[] { "" })]
    [TestCase("_a49bc=", new[] { "" })]
    [TestCase("_a49bc=a=b", new[] { "a=b" })]
    [TestCase("_a49bc=http://10.0.0.5:8000", new[] { "http://10.0.0.5:8000" })]
    [TestCase("_a49bc=1; _a49bc=2", new[] { "1", "2" })]
    [TestCase("_a49bc; _a49bc=v", new[] { "v" })]
    [TestCase("_a49bc=h\u00e9llo w\u00f6rld; \u00e9=1", new[] { "h\u00e9llo w\u00f6rld" })]
    [TestCase("", new string[0])]
    [TestCase("=", new string[0])]
    [TestCase(";;;", new string[0])]
    [TestCase("=v; ;=;", new string[0])]
    [TestCase("_A49BC=v", new string[0])]
    [TestCase("_a49bcd=v; x_a49bc=v; _a49b=v", new string[0])]
    public void Enumerate_OneHeader_YieldsEveryValueOfTheName(string header, string[] expected)
    {
        Assert.That(Read(new StringValues(header)), Is.EqualTo(expected));
    }

    [Test]
    public void Enumerate_SeveralHeaders_YieldsValuesInOrder()
    {
        var headers = new StringValues(["a=1", "_a49bc=v1", "", "_a49bc=v2; b=2; _a49bc=v3", "c=3"]);

        Assert.That(Read(headers), Is.EqualTo(new[] { "v1", "v2", "v3" }));
    }

    [Test]
    public void Enumerate_NoHeaderOrNullEntries_YieldsNothing()
    {
        Assert.That(Read(default), Is.Empty);
        Assert.That(Read(new StringValues((string?)null)), Is.Empty);
        Assert.That(Read(new StringValues([null, null])), Is.Empty);
    }

    [Test]
    public void Enumerate_HugeHeader_FindsTheCookieAtTheEnd()
    {
        var header = string.Concat(Enumerable.Repeat("junk=0123456789; ", 6_000)) + "_a49bc=v";

        Assert.That(header, Has.Length.GreaterThan(100_000));
        Assert.That(Read(new StringValues(header)), Is.EqualTo(new[] { "v" }));
    }

    [Test]
    public void Enumerate_ExhaustedReader_KeepsReturningFalse()
    {
        var reader = new CookieHeaderReader(new StringValues("_a49bc=v"), Name);

        Assert.That(reader.MoveNext(), Is.True);
        Assert.That(reader.MoveNext(), Is.False);
        Assert.That(reader.MoveNext(), Is.False);
        Assert.That(reader.Current.IsEmpty, Is.True);
    }

    private static List<string> Read(StringValues headers)
    {
        var values = new List<string>();
        foreach (var value in new CookieHeaderReader(headers, Name))
        {
            values.Add(value.ToString());
        }

        return values;
    }
}
