// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Routing.Tests;

[TestFixture]
public sealed class PathRegexpMatcherTests
{
    [TestCase("/img/a.png", true)]
    [TestCase("/a.jpeg", true)]
    [TestCase("/a.png/x", false)]
    [TestCase("/a.gif", false)]
    public void Matches_PathRegexp_IsUnanchoredLikeGo(string path, bool expected)
    {
        Assert.That(TestRequests.Matches("PathRegexp(`\\.(jpeg|jpg|png)$`)", TestRequests.Create(path: path)), Is.EqualTo(expected));
    }

    [Test]
    public void Matches_GoNamedGroup_IsAccepted()
    {
        Assert.That(TestRequests.Matches("PathRegexp(`^/(?P<id>[0-9]+)$`)", TestRequests.Create(path: "/42")), Is.True);
    }
}
