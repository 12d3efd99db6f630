// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Routing.Tests;

public sealed partial class RuleParserTests
{
    [TestCase("(Host(`a.com`)", 14, "expected ')' to close the '(' at position 0")]
    [TestCase("Host(`a.com`))", 13, "found ')' without a matching '('")]
    [TestCase("()", 1, "expected a matcher after '(' but found ')'")]
    [TestCase("Hots(`a.com`)", 0, "unknown matcher 'Hots'; expected one of Host, HostHeader")]
    [TestCase("Host(`a.com`) && Foo(`x`)", 17, "unknown matcher 'Foo'")]
    [TestCase("Host(`a.com)", 5, "unterminated string")]
    [TestCase("Path(\"/x)", 5, "unterminated string")]
    [TestCase("Host()", 5, "Host() needs at least one argument")]
    [TestCase("Host(  )", 7, "Host() needs at least one argument")]
    [TestCase("Host(`a.com`) && ", 17, "expected a matcher after '&&' but found the end of the rule")]
    [TestCase("Host(`a.com`) ||", 16, "expected a matcher after '||'")]
    [TestCase("&& Host(`a`)", 0, "expected a matcher such as Host(`example.com`) but found '&'")]
    [TestCase("!", 1, "expected a matcher after '!'")]
    [TestCase("Host(`a`) && !", 14, "expected a matcher after '!'")]
    [TestCase("Host(`a`) & Path(`/`)", 10, "expected '&&' but found a single '&'")]
    [TestCase("Host(`a`) | Path(`/`)", 10, "expected '||' but found a single '|'")]
    [TestCase("Host(`a`) Path(`/`)", 10, "expected '&&' or '||' but found 'P'")]
    [TestCase("Host(`a` `b`)", 9, "expected ',' or ')' after an argument of Host but found '`'")]
    [TestCase("Host(`a`,)", 9, "expected an argument in backticks or double quotes")]
    [TestCase("Host(a.com)", 5, "but found 'a'")]
    [TestCase("Host", 4, "expected '(' after Host but found the end of the rule")]
    [TestCase("Host(`a`) && PathPrefix:/api", 23, "the v1 form PathPrefix:value cannot be mixed")]
    [TestCase("Path(\"/\\d\")", 7, "unknown escape sequence '\\d'")]
    [TestCase("HostRegexp(`[a-z`)", 11, "'[a-z' is not a valid regular expression")]
    [TestCase("HostRegexp(`{sub:[a-z]+.example.com`)", 11, "is not a valid regular expression")]
    [TestCase("PathRegexp(`(`)", 11, "is not a valid regular expression")]
    [TestCase("ClientIP(`10.0.0.0/33`)", 9, "'10.0.0.0/33' is not an IP address or CIDR block")]
    [TestCase("ClientIP(`10.0.0.1`, `banana`)", 21, "'banana' is not an IP address or CIDR block")]
    [TestCase("Header(`X-Api`)", 14, "Header expects a name and a value")]
    [TestCase("Header(``, `1`)", 7, "the header name is empty")]
    [TestCase("Path(`api`)", 5, "the path 'api' must start with '/'")]
    [TestCase("Host(``)", 5, "'' is not a host name")]
    [TestCase("Host(`a.com`, `b.com:8080`)", 14, "'b.com:8080' has a port; Host matches the name only, write 'b.com'")]
    [TestCase("Host(`[::1]:80`)", 5, "has a port")]
    [TestCase("Query(`=v`)", 6, "has no name")]
    public void Parse_MalformedV2Rule_ThrowsAtPosition(string rule, int position, string reason)
    {
        var ex = Assert.Throws<RuleParseException>(() => RuleParser.Parse(rule));

        Assert.That(ex.Rule, Is.EqualTo(rule));
        Assert.That(ex.Position, Is.EqualTo(position));
        Assert.That(ex.Reason, Does.Contain(reason));
    }

    [TestCase("Hots:a.com", 0, "unknown matcher 'Hots'; expected one of Host, HostRegexp")]
    [TestCase("Host:a.com;Foo:bar", 11, "unknown matcher 'Foo'")]
    [TestCase("PathPrefix:", 11, "expected a value after 'PathPrefix:'")]
    [TestCase("Host:a.com;PathPrefix: ;Method:GET", 23, "expected a value after 'PathPrefix:'")]
    [TestCase("Host:a.com;Path", 15, "expected ':' after Path but found the end of the rule")]
    [TestCase(";;", 0, "expected a matcher such as PathPrefix:/")]
    [TestCase("/api", 0, "expected a matcher name such as PathPrefix but found '/'")]
    [TestCase("HeadersRegexp:X-Api,([", 20, "'([' is not a valid regular expression")]
    [TestCase("Headers:X-Api", 13, "Headers expects a name and a value")]
    [TestCase("ClientIP:10.0.0.0/8", 0, "ClientIP needs the v2 syntax")]
    [TestCase("PathPrefixStrip:/api", 0, "PathPrefixStrip is not supported; use PathPrefix and strip in the backend")]
    [TestCase("PathStrip:/api", 0, "PathStrip is not supported; use Path")]
    [TestCase("Host:a.com;AddPrefix:/x", 11, "AddPrefix is not supported")]
    [TestCase("ReplacePath:/x", 0, "ReplacePath is not supported")]
    [TestCase("ReplacePathRegex:^/a/(.*) /b/$1", 0, "ReplacePathRegex is not supported")]
    [TestCase("Host:a.com;PathPrefix:api", 22, "the path 'api' must start with '/'")]
    public void Parse_MalformedV1Rule_ThrowsAtPosition(string rule, int position, string reason)
    {
        var ex = Assert.Throws<RuleParseException>(() => RuleParser.Parse(rule));

        Assert.That(ex.Rule, Is.EqualTo(rule));
        Assert.That(ex.Position, Is.EqualTo(position));
        Assert.That(ex.Reason, Does.Contain(reason));
    }

    [Test]
    public void Parse_InvalidRegex_KeepsRegexErrorAsInnerException()
    {
        var ex = Assert.Throws<RuleParseException>(() => RuleParser.Parse("PathRegexp(`[`)"));

        Assert.That(ex.InnerException, Is.InstanceOf<ArgumentException>());
    }
}
