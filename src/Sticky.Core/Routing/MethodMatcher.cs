// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Http;

namespace Sticky.Routing;

/// <summary><c>Method</c>: the request method is one of the methods, ignoring case.</summary>
internal sealed class MethodMatcher(string[] methods) : RouteMatcher
{
    private readonly string[] _methods = methods;

    public override bool Matches(HttpRequest request)
    {
        var method = request.Method;
        foreach (var candidate in _methods)
        {
            if (string.Equals(method, candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
