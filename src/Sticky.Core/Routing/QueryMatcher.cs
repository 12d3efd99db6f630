// Licensed under the MIT License. See LICENSE in the repository root.

using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Sticky.Routing;

/// <summary>
/// <c>Query</c>/<c>QueryRegexp</c>: some occurrence of the parameter has the value (or matches the
/// expression). With neither, the parameter only has to be present. Keys and values compare decoded.
/// </summary>
internal sealed class QueryMatcher : RouteMatcher
{
    private readonly string _key;
    private readonly string? _value;
    private readonly Regex? _regex;

    public QueryMatcher(string key, string? value, Regex? regex)
    {
        _key = key;
        _value = value;
        _regex = regex;
    }

    public override bool Matches(HttpRequest request)
    {
        var pairs = new QueryPairEnumerator(request.QueryString.Value);
        while (pairs.MoveNext())
        {
            if (!UrlDecoding.EqualsDecoded(pairs.Key, _key))
            {
                continue;
            }

            if (_regex is not null ? UrlDecoding.IsMatchDecoded(pairs.Value, _regex)
                : _value is null || UrlDecoding.EqualsDecoded(pairs.Value, _value))
            {
                return true;
            }
        }

        return false;
    }
}
