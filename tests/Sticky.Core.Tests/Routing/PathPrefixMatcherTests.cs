// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Routing.Tests;

[TestFixture]
public sealed class PathPrefixMatcherTests
{
    [TestCase("/api", true)]
    [TestCase("/api/users", true)]
    [TestCase("/apis", true)]
    [TestCase("/ap", false)]
    [TestCase("/API", false)]
    [TestCase("/", false)]
    public void Matches_PathPrefix_IsPlainStringPrefix(string path, bool expected)
    {
        Assert.That(TestRequests.Matches("PathPrefix(`/api`)", TestRequests.Create(path: path)), Is.EqualTo(expected));
        Assert.That(TestRequests.Matches("PathPrefix:/api", TestRequests.Create(path: path)), Is.EqualTo(expected));
    }

    [TestCase("/")]
    [TestCase("/anything/at/all")]
    public void Matches_RootPrefix_MatchesEveryPath(string path)
    {
        Assert.That(TestRequests.Matches("PathPrefix:/", TestRequests.Create(path: path)), Is.True);
    }

    [TestCase("/articles/news/42", true)]
    [TestCase("/articles/news/42/comments", true)]
    [TestCase("/articles/news", false)]
    public void Matches_PrefixTemplate_AnchorsOnlyAtStart(string path, bool expected)
    {
        var rule = "PathPrefix(`/articles/{category}/{id:[0-9]+}`)";

        Assert.That(TestRequests.Matches(rule, TestRequests.Create(path: path)), Is.EqualTo(expected));
    }
}
