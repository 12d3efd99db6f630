// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Routing.Tests;

[TestFixture]
public sealed partial class RuleParserTests
{
    // Examples from Traefik's v1 frontend rule documentation.
    [TestCase("PathPrefix:/")]
    [TestCase("Host:a.com,b.com;PathPrefix:/api")]
    [TestCase("Host:traefik.io,www.traefik.io")]
    [TestCase("HostRegexp:traefik.io,{subdomain:[a-z]+}.traefik.io")]
    [TestCase("Headers:X-Api,1")]
    [TestCase("Headers:Content-Type,application/json")]
    [TestCase("HeadersRegexp:Content-Type,application/(text|json)")]
    [TestCase("Method:GET,POST,PUT")]
    [TestCase("Path:/products/,/articles/{category}/{id:[0-9]+}")]
    [TestCase("PathPrefix:/products/,/articles/{category}/{id:[0-9]+}")]
    [TestCase("Query:foo=bar,bar=baz")]
    [TestCase("Host: whoami.docker.localhost ; PathPrefix: /api ;")]
    [TestCase("PathPrefix:/{id:[0-9]{1,3}}")]
    public void Parse_TraefikV1Example_Accepts(string rule)
    {
        Assert.That(RuleIsV1(rule), Is.True);
        Assert.That(RuleParser.Parse(rule), Is.Not.Null);
    }

    // Examples from Traefik's v2 and v3 router rule documentation.
    [TestCase("PathPrefix(`/`)")]
    [TestCase("Host(`example.com`) && (PathPrefix(`/api`) || PathPrefix(`/admin`))")]
    [TestCase("!Method(`POST`)")]
    [TestCase("HostRegexp(`{subdomain:[a-z]+}.example.com`)")]
    [TestCase("HostRegexp(`^.+\\.example\\.com$`)")]
    [TestCase("ClientIP(`10.0.0.0/8`)")]
    [TestCase("ClientIP(`10.76.105.11`, `::1`, `192.168.0.0/16`)")]
    [TestCase("Host(`example.com`, `example.org`)")]
    [TestCase("HostHeader(`example.com`)")]
    [TestCase("Headers(`Content-Type`, `application/json`)")]
    [TestCase("Header(`Content-Type`, `application/json`)")]
    [TestCase("HeadersRegexp(`Content-Type`, `application/(text|json)`)")]
    [TestCase("HeaderRegexp(`Content-Type`, `^application/(text|json)$`)")]
    [TestCase("Method(`GET`, `POST`)")]
    [TestCase("Path(`/products/`, `/articles/{cat:[a-z]+}/{id:[0-9]+}`)")]
    [TestCase("PathRegexp(`\\.(jpeg|jpg|png)$`)")]
    [TestCase("Query(`mobile=true`, `lang=en`)")]
    [TestCase("Query(`mobile`, `true`)")]
    [TestCase("QueryRegexp(`mobile`, `^(true|yes)$`)")]
    [TestCase("Host(\"example.com\") && PathPrefix(\"/api\")")]
    [TestCase("  (  Host( `a.com` ,`b.com` )\t&&\n!Path(`/x`) )  ")]
    [TestCase("host(`a.com`) && PATHPREFIX(`/`)")]
    public void Parse_TraefikV2Example_Accepts(string rule)
    {
        Assert.That(RuleIsV1(rule), Is.False);
        Assert.That(RuleParser.Parse(rule), Is.Not.Null);
    }

    [TestCase("")]
    [TestCase("   ")]
    public void Parse_EmptyRule_ReturnsMatchAll(string rule)
    {
        Assert.That(RuleParser.Parse(rule), Is.SameAs(RouteMatcher.MatchAll));
    }

    [Test]
    public void Parse_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => RuleParser.Parse(null!));
    }

    // Truth table of the operators: a = Host(`a.com`), b = PathPrefix(`/b`).
    [TestCase("Host(`a.com`) && PathPrefix(`/b`)", "a.com", "/b", true)]
    [TestCase("Host(`a.com`) && PathPrefix(`/b`)", "a.com", "/x", false)]
    [TestCase("Host(`a.com`) && PathPrefix(`/b`)", "z.com", "/b", false)]
    [TestCase("Host(`a.com`) || PathPrefix(`/b`)", "a.com", "/x", true)]
    [TestCase("Host(`a.com`) || PathPrefix(`/b`)", "z.com", "/b", true)]
    [TestCase("Host(`a.com`) || PathPrefix(`/b`)", "z.com", "/x", false)]
    [TestCase("!Host(`a.com`)", "a.com", "/", false)]
    [TestCase("!Host(`a.com`)", "z.com", "/", true)]
    [TestCase("!!Host(`a.com`)", "a.com", "/", true)]
    [TestCase("!Host(`a.com`) && PathPrefix(`/b`)", "z.com", "/b", true)]
    [TestCase("!(Host(`a.com`) && PathPrefix(`/b`))", "a.com", "/x", true)]
    [TestCase("!(Host(`a.com`) && PathPrefix(`/b`))", "a.com", "/b", false)]
    public void Parse_Operators_FollowTruthTable(string rule, string host, string path, bool expected)
    {
        Assert.That(TestRequests.Matches(rule, TestRequests.Create(host, path)), Is.EqualTo(expected));
    }

    // && binds tighter than ||: "x || y && z" is "x || (y && z)".
    [TestCase("a.com", "/x", "GET", true)]
    [TestCase("z.com", "/b", "POST", true)]
    [TestCase("z.com", "/b", "GET", false)]
    [TestCase("z.com", "/x", "POST", false)]
    public void Parse_AndOrWithoutParentheses_AndBindsTighter(string host, string path, string method, bool expected)
    {
        var request = TestRequests.Create(host, path, method);

        Assert.That(TestRequests.Matches("Host(`a.com`) || PathPrefix(`/b`) && Method(`POST`)", request), Is.EqualTo(expected));
    }

    [TestCase("a.com", "/x", "GET", false)]
    [TestCase("a.com", "/x", "POST", true)]
    [TestCase("z.com", "/b", "POST", true)]
    public void Parse_Parentheses_OverridePrecedence(string host, string path, string method, bool expected)
    {
        var request = TestRequests.Create(host, path, method);

        Assert.That(TestRequests.Matches("(Host(`a.com`) || PathPrefix(`/b`)) && Method(`POST`)", request), Is.EqualTo(expected));
    }

    [TestCase("example.com", "/api/users", true)]
    [TestCase("example.com", "/admin", true)]
    [TestCase("example.com", "/other", false)]
    [TestCase("other.com", "/api", false)]
    public void Parse_DocumentedHostAndPrefixes_MatchesAsTraefik(string host, string path, bool expected)
    {
        var rule = "Host(`example.com`) && (PathPrefix(`/api`) || PathPrefix(`/admin`))";

        Assert.That(TestRequests.Matches(rule, TestRequests.Create(host, path)), Is.EqualTo(expected));
    }

    [TestCase("a.com", "/api/x", true)]
    [TestCase("b.com:8080", "/api", true)]
    [TestCase("c.com", "/api", false)]
    [TestCase("a.com", "/web", false)]
    public void Parse_V1HostListAndPrefix_AllMatchersMustMatch(string host, string path, bool expected)
    {
        Assert.That(TestRequests.Matches("Host:a.com,b.com;PathPrefix:/api", TestRequests.Create(host, path)), Is.EqualTo(expected));
    }

    [Test]
    public void Parse_V1ValuesWithWhitespaceAndEmptyItems_AreTrimmedAndSkipped()
    {
        var matcher = RuleParser.Parse(" Host : a.com , ,b.com ;; Method: get ");

        Assert.That(matcher.Matches(TestRequests.Create("b.com", method: "GET")), Is.True);
        Assert.That(matcher.Matches(TestRequests.Create("b.com", method: "POST")), Is.False);
    }

    [Test]
    public void Parse_DoubleQuotedStringWithEscapes_Unescapes()
    {
        var matcher = RuleParser.Parse("Header(\"X-Quote\", \"say \\\"hi\\\" \\\\o/\")");

        Assert.That(matcher.Matches(TestRequests.Create(headers: ("X-Quote", "say \"hi\" \\o/"))), Is.True);
    }

    [Test]
    public void Parse_BacktickStringWithBackslashes_KeepsThemLiterally()
    {
        var matcher = RuleParser.Parse("PathRegexp(`^/v\\d+/`)");

        Assert.That(matcher.Matches(TestRequests.Create(path: "/v2/items")), Is.True);
    }

    private static bool RuleIsV1(string rule) => RuleParser.IsV1(rule);
}
