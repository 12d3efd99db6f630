// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Http;

namespace Sticky.Routing;

/// <summary>
/// <c>PathPrefix</c>: the request path starts with one of the prefixes. A plain string prefix, as Traefik
/// documents it: <c>/api</c> also matches <c>/apis</c>.
/// </summary>
internal sealed class PathPrefixMatcher(string[] prefixes) : RouteMatcher
{
    private readonly string[] _prefixes = prefixes;

    public override bool Matches(HttpRequest request)
    {
        var path = request.Path.Value.AsSpan();
        foreach (var candidate in _prefixes)
        {
            if (path.StartsWith(candidate, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
