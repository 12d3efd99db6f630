// Licensed under the MIT License. See LICENSE in the repository root.

using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Sticky.Routing;

/// <summary><c>PathRegexp</c>, and <c>Path</c>/<c>PathPrefix</c> written as <c>{name:regex}</c> templates.</summary>
internal sealed class PathRegexpMatcher(Regex regex) : RouteMatcher
{
    private readonly Regex _regex = regex;

    public override bool Matches(HttpRequest request) => RuleRegex.IsMatch(_regex, request.Path.Value);
}
