// Licensed under the MIT License. See LICENSE in the repository root.

using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Sticky.Providers.Tests;

/// <summary>
/// The services file is read through <see cref="JsonElementSection"/> by the same reader as configuration, so
/// it must read every value exactly as the JSON configuration source does. Each case parses one document both
/// ways and compares every key the configuration source produced.
/// </summary>
[TestFixture]
public sealed class JsonElementSectionTests
{
    private const string Document = """
        {
          "Services": {
            "web": {
              "Rule": "Host(`a.com`)",
              "Priority": -3,
              "Sticky": true,
              "Draining": false,
              "Nothing": null,
              "Ratio": 1.50,
              "Big": 12345678901234567890,
              "Escaped\u0041": "caf\u00e9 \"quoted\"",
              "Unicode": "日本",
              "Backends": [ "http://10.0.0.5:8000", { "Url": "http://10.0.0.6:8000", "Weight": 2 }, [ "nested" ] ],
              "Empty": { },
              "EmptyList": [ ]
            }
          }
        }
        """;

    [Test]
    public void EveryKey_ReadsTheValueTheJsonConfigurationSourceReads()
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(Document))).Build();
        using var document = JsonDocument.Parse(Document);
        var root = new JsonElementSection(document.RootElement);

        var pairs = configuration.AsEnumerable().ToList();

        Assert.That(pairs, Has.Count.GreaterThan(15));
        Assert.Multiple(() =>
        {
            foreach (var (key, expected) in pairs)
            {
                Assert.That(root.GetSection(key).Value, Is.EqualTo(expected), key);
                Assert.That(root.GetSection(key).Path, Is.EqualTo(key).IgnoreCase, key);
            }
        });
    }

    [Test]
    public void Keys_MatchIgnoringCase_AndTheLastDuplicateWins()
    {
        using var document = JsonDocument.Parse("""{ "Url": "first", "weight": 2, "URL": "second" }""");
        var section = new JsonElementSection(document.RootElement);

        Assert.Multiple(() =>
        {
            Assert.That(section["url"], Is.EqualTo("second"));
            Assert.That(section["WEIGHT"], Is.EqualTo("2"));
            Assert.That(section["Missing"], Is.Null);
            Assert.That(section.GetSection("Missing").Exists(), Is.False);
        });
    }

    [Test]
    public void GetChildren_ObjectsInDocumentOrder_ArraysByIndex()
    {
        using var document = JsonDocument.Parse("""{ "b": 1, "a": { "x": [ "p", "q" ] } }""");
        var section = new JsonElementSection(document.RootElement);

        Assert.Multiple(() =>
        {
            Assert.That(section.GetChildren().Select(static c => c.Key), Is.EqualTo(new[] { "b", "a" }));
            Assert.That(section.GetSection("a:x").GetChildren().Select(static c => (c.Key, c.Path, c.Value)), Is.EqualTo(new[] { ("0", "a:x:0", "p"), ("1", "a:x:1", "q") }));
            Assert.That(section.GetSection("a").GetSection("x")["1"], Is.EqualTo("q"));
            Assert.That(section.GetSection("b").GetChildren(), Is.Empty);
        });
    }

    [Test]
    public void Setters_AreRefused()
    {
        using var document = JsonDocument.Parse("""{ "a": 1 }""");
        var section = new JsonElementSection(document.RootElement);

        Assert.Multiple(() =>
        {
            Assert.That(() => section["a"] = "2", Throws.InstanceOf<NotSupportedException>());
            Assert.That(() => section.Value = "2", Throws.InstanceOf<NotSupportedException>());
            Assert.That(section.GetReloadToken().HasChanged, Is.False);
        });
    }
}
