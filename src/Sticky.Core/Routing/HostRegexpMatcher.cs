// Licensed under the MIT License. See LICENSE in the repository root.

using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Sticky.Routing;

/// <summary><c>HostRegexp</c>: the request's host (without port) matches the expression.</summary>
internal sealed class HostRegexpMatcher(Regex regex) : RouteMatcher
{
    private readonly Regex _regex = regex;

    public override bool Matches(HttpRequest request)
    {
        // A request without a host never matches a host rule, even a pattern that accepts "".
        var host = RequestHost.Get(request);
        return !host.IsEmpty && RuleRegex.IsMatch(_regex, host);
    }
}
