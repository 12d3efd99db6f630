// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Http;

namespace Sticky.Routing;

/// <summary>
/// <c>Host</c>: the request's host (without port) equals one of the names, ignoring case.
/// The names are stored already normalized: ASCII, no brackets, no trailing dot.
/// </summary>
internal sealed class HostMatcher(string[] hosts) : RouteMatcher
{
    private readonly string[] _hosts = hosts;

    public override bool Matches(HttpRequest request)
    {
        var host = RequestHost.Get(request);
        if (host.IsEmpty)
        {
            return false;
        }

        foreach (var candidate in _hosts)
        {
            if (host.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
