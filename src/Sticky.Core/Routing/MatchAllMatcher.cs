// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Http;

namespace Sticky.Routing;

internal sealed class MatchAllMatcher : RouteMatcher
{
    public override bool Matches(HttpRequest request) => true;

    public override string ToString() => "*";
}
