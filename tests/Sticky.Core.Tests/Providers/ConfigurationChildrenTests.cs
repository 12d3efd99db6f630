// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Configuration;

namespace Sticky.Providers.Tests;

[TestFixture]
public sealed class ConfigurationChildrenTests
{
    [Test]
    public void Of_SeveralSources_SameChildrenInSameOrderAsGetChildren()
    {
        // Indices split over sources, overlapping, past 9 (numeric, not text, order) and a named entry.
        var root = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["S:Backends:0:Url"] = "http://a",
                ["S:Backends:1:Url"] = "http://b",
                ["S:Backends:10:Url"] = "http://k",
                ["S:Backends:named:Url"] = "http://n",
            })
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["S:Backends:2:Url"] = "http://c",
                ["S:Backends:1:Weight"] = "3",
                ["S:Backends:NAMED:Weight"] = "2",
                ["S:Other:0"] = "not a backend",
            })
            .Build();
        var section = root.GetSection("S:Backends");

        var fast = ConfigurationChildren.Of(section, root).Select(static child => child.Key).ToList();
        var framework = section.GetChildren().Select(static child => child.Key).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(fast, Is.EqualTo(framework).Using((IEqualityComparer<string>)StringComparer.OrdinalIgnoreCase));
            Assert.That(fast, Is.EqualTo(new[] { "0", "1", "2", "10", "named" }).Using((IEqualityComparer<string>)StringComparer.OrdinalIgnoreCase));
            Assert.That(ConfigurationChildren.Of(section, root).Single(static child => child.Key == "1")["Weight"], Is.EqualTo("3"));
        });
    }

    [Test]
    public void Of_NoRoot_FallsBackToGetChildren()
    {
        var root = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["B:1"] = "x", ["B:0"] = "y" })
            .Build();

        var keys = ConfigurationChildren.Of(root.GetSection("B"), root: null).Select(static child => child.Key);

        Assert.That(keys, Is.EqualTo(new[] { "0", "1" }));
    }
}
