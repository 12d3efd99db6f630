// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Http;

namespace Sticky.Routing;

/// <summary>
/// <c>ClientIP</c>: the connection's remote address is in one of the blocks. It deliberately ignores
/// <c>X-Forwarded-For</c>, as Traefik does; a forwarded-headers middleware may rewrite the remote address.
/// </summary>
internal sealed class ClientIpMatcher(IpPrefix[] prefixes) : RouteMatcher
{
    private readonly IpPrefix[] _prefixes = prefixes;

    public override bool Matches(HttpRequest request)
    {
        var address = request.HttpContext.Connection.RemoteIpAddress;
        if (address is null)
        {
            return false;
        }

        foreach (var prefix in _prefixes)
        {
            if (prefix.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
