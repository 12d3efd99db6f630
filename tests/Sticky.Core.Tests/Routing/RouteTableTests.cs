// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Routing.Tests;

[TestFixture]
public sealed class RouteTableTests
{
    [Test]
    public void Match_OverlappingRules_LongerRuleWins()
    {
        var table = Build(("PathPrefix(`/`)", 0, "root"), ("PathPrefix(`/api`)", 0, "api"));

        Assert.That(table.Match(TestRequests.Create(path: "/api/x")), Is.EqualTo("api"));
        Assert.That(table.Match(TestRequests.Create(path: "/web")), Is.EqualTo("root"));
    }

    [Test]
    public void Match_ExplicitPriority_OverridesRuleLength()
    {
        var table = Build(("PathPrefix(`/`)", 1000, "root"), ("PathPrefix(`/api`)", 0, "api"));

        Assert.That(table.Match(TestRequests.Create(path: "/api/x")), Is.EqualTo("root"));
    }

    [Test]
    public void Match_RuleLessService_IsTriedLast()
    {
        var table = Build((null, 0, "catch-all"), ("Host:a.com", 0, "a"), ("", 0, "empty"));

        Assert.That(table.Match(TestRequests.Create("a.com")), Is.EqualTo("a"));
        Assert.That(table.Match(TestRequests.Create("b.com")), Is.EqualTo("catch-all"));
        Assert.That(table.Entries[^1].Matcher, Is.SameAs(RouteMatcher.MatchAll));
    }

    [Test]
    public void Match_NoRouteMatches_ReturnsNull()
    {
        var table = Build(("Host(`a.com`)", 0, "a"));

        Assert.That(table.Match(TestRequests.Create("b.com")), Is.Null);
    }

    [Test]
    public void Match_EmptyTable_ReturnsNull()
    {
        var table = RouteTable<string>.Build([]);

        Assert.That(table.Match(TestRequests.Create()), Is.Null);
        Assert.That(table.Entries, Is.Empty);
    }

    [Test]
    public void Build_EqualPriorities_OrdersByRuleTextOrdinally()
    {
        // Same length, so same priority: the order must not depend on the order providers listed them.
        var forward = Build(("Host(`b.com`)", 0, "b"), ("Host(`a.com`)", 0, "a"), ("Host(`B.com`)", 0, "B"));
        var backward = Build(("Host(`B.com`)", 0, "B"), ("Host(`a.com`)", 0, "a"), ("Host(`b.com`)", 0, "b"));

        Assert.That(Targets(forward), Is.EqualTo(new[] { "B", "a", "b" }));
        Assert.That(Targets(backward), Is.EqualTo(Targets(forward)));
    }

    [Test]
    public void Build_Always_ExposesEntriesInMatchOrderWithPriorities()
    {
        var table = Build(("PathPrefix:/", 0, "root"), ("Host:a.com;PathPrefix:/api", 0, "api"), ("Method:GET", 50, "get"));

        Assert.That(Targets(table), Is.EqualTo(new[] { "get", "api", "root" }));
        Assert.That(table.Entries[1].Priority, Is.EqualTo(26));
        Assert.That(table.Entries[1].Rule, Is.EqualTo("Host:a.com;PathPrefix:/api"));
    }

    [Test]
    public void Match_WarmedTable_AllocatesNothing()
    {
        var table = Build(
            ("Host(`a.com`) && PathPrefix(`/api`)", 0, "a"),
            ("Host(`b.com`) && Header(`X-Api`, `1`)", 0, "b"),
            ("Query(`mobile`, `true`) || Method(`DELETE`)", 0, "c"),
            (null, 0, "fallback"));
        var request = TestRequests.Create("c.com:8080", "/x", query: "?a=1&mobile=true");
        for (var i = 0; i < 100; i++)
        {
            table.Match(request);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        string? last = null;
        for (var i = 0; i < 1000; i++)
        {
            last = table.Match(request);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(last, Is.EqualTo("c"));
        Assert.That(allocated, Is.Zero);
    }

    private static RouteTable<string> Build(params (string? Rule, int Priority, string Target)[] routes)
    {
        var entries = new List<RouteEntry<string>>();
        foreach (var (rule, priority, target) in routes)
        {
            var matcher = string.IsNullOrEmpty(rule) ? RouteMatcher.MatchAll : RuleParser.Parse(rule);
            entries.Add(new RouteEntry<string>(rule, matcher, RulePriority.Compute(rule, priority), target));
        }

        return RouteTable<string>.Build(entries);
    }

    private static string[] Targets(RouteTable<string> table)
    {
        var targets = new string[table.Entries.Count];
        for (var i = 0; i < targets.Length; i++)
        {
            targets[i] = table.Entries[i].Target;
        }

        return targets;
    }
}
