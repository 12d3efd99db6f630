// Licensed under the MIT License. See LICENSE in the repository root.

using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Sticky.Routing;

/// <summary><c>HeaderRegexp</c>/<c>HeadersRegexp</c>: one of the values of the header matches the expression.</summary>
internal sealed class HeaderRegexpMatcher(string name, Regex regex) : RouteMatcher
{
    private readonly string _name = name;
    private readonly Regex _regex = regex;

    public override bool Matches(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(_name, out var values))
        {
            return false;
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (RuleRegex.IsMatch(_regex, values[i]))
            {
                return true;
            }
        }

        return false;
    }
}
