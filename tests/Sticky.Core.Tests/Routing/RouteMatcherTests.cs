// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Http;

namespace Sticky.Routing.Tests;

[TestFixture]
public sealed class RouteMatcherTests
{
    [Test]
    public void MatchAll_AnyRequest_Matches()
    {
        Assert.That(RouteMatcher.MatchAll.Matches(TestRequests.Create(host: null, method: "PATCH")), Is.True);
    }

    // Every matcher runs on every request, so none may allocate once warmed up.
    [TestCase("Host(`example.com`)", true)]
    [TestCase("Host:a.com,example.com", true)]
    [TestCase("HostHeader(`other.com`)", false)]
    [TestCase("PathPrefix(`/api`)", true)]
    [TestCase("Path(`/api/users/42`)", true)]
    [TestCase("Method(`GET`, `POST`)", true)]
    [TestCase("Headers:X-Api,1", true)]
    [TestCase("Header(`X-Missing`, `1`)", false)]
    [TestCase("Query(`mobile`, `true`)", true)]
    [TestCase("Query:lang=en,mobile=true", true)]
    [TestCase("Query(`q`, `hello world`)", true)]
    [TestCase("HostRegexp(`{subdomain:[a-z]+}.com`)", true)]
    [TestCase("PathRegexp(`^/api/users/[0-9]+$`)", true)]
    [TestCase("Path:/api/{collection}/{id:[0-9]+}", true)]
    [TestCase("HeaderRegexp(`Content-Type`, `application/(text|json)`)", true)]
    [TestCase("QueryRegexp(`q`, `^hello`)", true)]
    [TestCase("ClientIP(`10.0.0.0/8`, `::1`)", true)]
    [TestCase("ClientIP(`192.168.0.0/16`)", false)]
    [TestCase("(Host(`a.com`) || Host(`example.com`)) && !Method(`POST`) && PathPrefix(`/api`)", true)]
    [TestCase("Host(`example.com`) && (PathPrefix(`/web`) || !Header(`X-Api`, `1`))", false)]
    public void Matches_WarmedMatcher_AllocatesNothing(string rule, bool expected)
    {
        var matcher = RuleParser.Parse(rule);
        var request = CreateBusyRequest();

        var allocated = MeasureAllocations(matcher, request, out var result);

        Assert.That(result, Is.EqualTo(expected));
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void Matches_LongEncodedQueryValue_AllocatesNothing()
    {
        var value = new string('z', 400) + " end";
        var matcher = RuleParser.Parse("Query(`k`, `" + value + "`)");
        var request = TestRequests.Create(query: "?k=" + Uri.EscapeDataString(value));

        var allocated = MeasureAllocations(matcher, request, out var result);

        Assert.That(result, Is.True);
        Assert.That(allocated, Is.Zero);
    }

    // A Host with a port, several headers, an encoded query value and an IPv4-mapped client address
    // exercise the paths that would most likely allocate (substring, dictionary, decoding, MapToIPv4).
    private static HttpRequest CreateBusyRequest() => TestRequests.Create(
        host: "example.com:8443",
        path: "/api/users/42",
        method: "GET",
        query: "?lang=en&mobile=true&q=hello%20world",
        remoteIp: "::ffff:10.1.2.3",
        headers: [("X-Api", "1"), ("Content-Type", "application/json")]);

    private static long MeasureAllocations(RouteMatcher matcher, HttpRequest request, out bool result)
    {
        for (var i = 0; i < 200; i++)
        {
            matcher.Matches(request);
        }

        result = false;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            result = matcher.Matches(request);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
