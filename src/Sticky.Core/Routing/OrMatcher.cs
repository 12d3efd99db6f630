// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Http;

namespace Sticky.Routing;

/// <summary>Matches when any operand matches (<c>||</c>, or several arguments of one matcher).</summary>
internal sealed class OrMatcher(RouteMatcher[] operands) : RouteMatcher
{
    private readonly RouteMatcher[] _operands = operands;

    public override bool Matches(HttpRequest request)
    {
        foreach (var operand in _operands)
        {
            if (operand.Matches(request))
            {
                return true;
            }
        }

        return false;
    }
}
