// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Routing.Tests;

[TestFixture]
public sealed class PathMatcherTests
{
    [TestCase("/products/", true)]
    [TestCase("/products", false)]
    [TestCase("/Products/", false)]
    [TestCase("/products/1", false)]
    public void Matches_Path_IsExactAndCaseSensitive(string path, bool expected)
    {
        Assert.That(TestRequests.Matches("Path(`/products/`)", TestRequests.Create(path: path)), Is.EqualTo(expected));
        Assert.That(TestRequests.Matches("Path:/products/", TestRequests.Create(path: path)), Is.EqualTo(expected));
    }

    [TestCase("/a", true)]
    [TestCase("/b", true)]
    [TestCase("/c", false)]
    public void Matches_SeveralPaths_MatchesAny(string path, bool expected)
    {
        Assert.That(TestRequests.Matches("Path(`/a`, `/b`)", TestRequests.Create(path: path)), Is.EqualTo(expected));
    }

    [TestCase("/products/", true)]
    [TestCase("/articles/news/42", true)]
    [TestCase("/articles/news/42/more", false)]
    [TestCase("/articles/news/x", false)]
    [TestCase("/articles/a/b/42", false)]
    public void Matches_V1PathWithTemplate_MatchesLiteralOrTemplate(string path, bool expected)
    {
        var rule = "Path:/products/,/articles/{category}/{id:[0-9]+}";

        Assert.That(TestRequests.Matches(rule, TestRequests.Create(path: path)), Is.EqualTo(expected));
    }
}
