// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Routing.Tests;

[TestFixture]
public sealed class QueryMatcherTests
{
    [TestCase("?foo=bar&bar=baz", true)]
    [TestCase("?bar=baz&foo=bar", true)]
    [TestCase("?foo=bar", false)]
    [TestCase("?foo=baz&bar=baz", false)]
    [TestCase("?foo=bar&foo=x&bar=baz", true)]
    [TestCase("?foo=barx&bar=baz", false)]
    [TestCase("", false)]
    public void Matches_V1QueryPairs_AllMustMatch(string query, bool expected)
    {
        var request = TestRequests.Create(query: query);

        Assert.That(TestRequests.Matches("Query:foo=bar,bar=baz", request), Is.EqualTo(expected));
        Assert.That(TestRequests.Matches("Query(`foo=bar`, `bar=baz`)", request), Is.EqualTo(expected));
    }

    [TestCase("?mobile=true", true)]
    [TestCase("?mobile=false&mobile=true", true)]
    [TestCase("?mobile=True", false)]
    [TestCase("?Mobile=true", false)]
    [TestCase("?xmobile=true", false)]
    public void Matches_V3KeyAndValue_ComparesExactly(string query, bool expected)
    {
        Assert.That(TestRequests.Matches("Query(`mobile`, `true`)", TestRequests.Create(query: query)), Is.EqualTo(expected));
    }

    [TestCase("?q=hello%20world", true)]
    [TestCase("?q=hello+world", true)]
    [TestCase("?%71=hello%20world", true)]
    [TestCase("?q=hello%2520world", false)]
    public void Matches_EncodedQuery_ComparesDecoded(string query, bool expected)
    {
        Assert.That(TestRequests.Matches("Query(`q`, `hello world`)", TestRequests.Create(query: query)), Is.EqualTo(expected));
    }

    [Test]
    public void Matches_EncodedUtf8Value_ComparesDecoded()
    {
        Assert.That(TestRequests.Matches("Query(`city`, `Zürich`)", TestRequests.Create(query: "?city=Z%C3%BCrich")), Is.True);
    }

    [Test]
    public void Matches_LongEncodedValue_ComparesDecoded()
    {
        var value = new string('a', 600) + " b";
        var query = "?k=" + Uri.EscapeDataString(value);

        Assert.That(RuleParser.Parse("Query(`k`, `" + value + "`)").Matches(TestRequests.Create(query: query)), Is.True);
    }

    [TestCase("?debug", true)]
    [TestCase("?debug=1", true)]
    [TestCase("?debugx=1", false)]
    public void Matches_KeyWithoutValue_RequiresPresence(string query, bool expected)
    {
        Assert.That(TestRequests.Matches("Query(`debug`)", TestRequests.Create(query: query)), Is.EqualTo(expected));
    }

    [TestCase("?mobile=yes", true)]
    [TestCase("?mobile=no", false)]
    public void Matches_QueryRegexp_MatchesValue(string query, bool expected)
    {
        Assert.That(TestRequests.Matches("QueryRegexp(`mobile`, `^(true|yes)$`)", TestRequests.Create(query: query)), Is.EqualTo(expected));
    }
}
