// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Http;

namespace Sticky.Routing;

/// <summary>Matches when its operand does not (<c>!</c>).</summary>
internal sealed class NotMatcher(RouteMatcher operand) : RouteMatcher
{
    private readonly RouteMatcher _operand = operand;

    public override bool Matches(HttpRequest request) => !_operand.Matches(request);
}
