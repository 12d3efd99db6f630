// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Routing.Tests;

[TestFixture]
public sealed class HeaderMatcherTests
{
    [TestCase("X-Api", "1", true)]
    [TestCase("x-api", "1", true)]
    [TestCase("X-Api", "01", false)]
    [TestCase("X-Api", "1 ", false)]
    [TestCase("X-Other", "1", false)]
    public void Matches_Header_NameIgnoresCaseValueIsExact(string name, string value, bool expected)
    {
        var request = TestRequests.Create(headers: (name, value));

        Assert.That(TestRequests.Matches("Headers:X-Api,1", request), Is.EqualTo(expected));
        Assert.That(TestRequests.Matches("Header(`X-Api`, `1`)", request), Is.EqualTo(expected));
        Assert.That(TestRequests.Matches("Headers(`x-API`, `1`)", request), Is.EqualTo(expected));
    }

    [Test]
    public void Matches_RepeatedHeader_MatchesAnyValue()
    {
        var request = TestRequests.Create(headers: [("X-Api", "0"), ("X-Api", "1")]);

        Assert.That(TestRequests.Matches("Header(`X-Api`, `1`)", request), Is.True);
    }

    [TestCase(true, true, true)]
    [TestCase(true, false, false)]
    [TestCase(false, true, false)]
    public void Matches_SeveralPairs_AllMustMatch(bool first, bool second, bool expected)
    {
        var request = TestRequests.Create(headers: [("A", first ? "1" : "x"), ("B", second ? "2" : "x")]);

        Assert.That(TestRequests.Matches("Headers:A,1,B,2", request), Is.EqualTo(expected));
    }
}
