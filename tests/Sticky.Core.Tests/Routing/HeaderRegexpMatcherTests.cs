// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Routing.Tests;

[TestFixture]
public sealed class HeaderRegexpMatcherTests
{
    [TestCase("application/json", true)]
    [TestCase("application/text; charset=utf-8", true)]
    [TestCase("application/xml", false)]
    public void Matches_HeadersRegexp_MatchesValue(string value, bool expected)
    {
        var request = TestRequests.Create(headers: ("Content-Type", value));

        Assert.That(TestRequests.Matches("HeadersRegexp:Content-Type,application/(text|json)", request), Is.EqualTo(expected));
        Assert.That(TestRequests.Matches("HeaderRegexp(`content-type`, `application/(text|json)`)", request), Is.EqualTo(expected));
    }

    [Test]
    public void Matches_MissingHeader_DoesNotMatch()
    {
        Assert.That(TestRequests.Matches("HeaderRegexp(`X-Missing`, `.*`)", TestRequests.Create()), Is.False);
    }
}
