// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Routing.Tests;

[TestFixture]
public sealed class MethodMatcherTests
{
    [TestCase("GET", true)]
    [TestCase("get", true)]
    [TestCase("PUT", true)]
    [TestCase("POST", false)]
    public void Matches_MethodList_MatchesAnyIgnoringCase(string method, bool expected)
    {
        Assert.That(TestRequests.Matches("Method(`GET`, `put`)", TestRequests.Create(method: method)), Is.EqualTo(expected));
        Assert.That(TestRequests.Matches("Method:GET,put", TestRequests.Create(method: method)), Is.EqualTo(expected));
    }

    [TestCase("POST", false)]
    [TestCase("GET", true)]
    public void Matches_NegatedMethod_Inverts(string method, bool expected)
    {
        Assert.That(TestRequests.Matches("!Method(`POST`)", TestRequests.Create(method: method)), Is.EqualTo(expected));
    }
}
