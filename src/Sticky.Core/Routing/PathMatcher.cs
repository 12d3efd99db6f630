// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Http;

namespace Sticky.Routing;

/// <summary><c>Path</c>: the request path equals one of the paths exactly (case-sensitive, as Traefik).</summary>
internal sealed class PathMatcher(string[] paths) : RouteMatcher
{
    private readonly string[] _paths = paths;

    public override bool Matches(HttpRequest request)
    {
        var path = request.Path.Value.AsSpan();
        foreach (var candidate in _paths)
        {
            if (path.SequenceEqual(candidate))
            {
                return true;
            }
        }

        return false;
    }
}
