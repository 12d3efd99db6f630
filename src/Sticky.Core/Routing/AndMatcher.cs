// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Http;

namespace Sticky.Routing;

/// <summary>Matches when every operand matches (<c>&amp;&amp;</c>, or <c>;</c> in v1 rules).</summary>
internal sealed class AndMatcher(RouteMatcher[] operands) : RouteMatcher
{
    private readonly RouteMatcher[] _operands = operands;

    public override bool Matches(HttpRequest request)
    {
        foreach (var operand in _operands)
        {
            if (!operand.Matches(request))
            {
                return false;
            }
        }

        return true;
    }
}
