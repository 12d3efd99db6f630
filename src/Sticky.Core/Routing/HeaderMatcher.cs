// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Http;

namespace Sticky.Routing;

/// <summary>
/// <c>Header</c>/<c>Headers</c>: one of the values of the header (name ignoring case) equals the value
/// exactly. An empty value only requires the header to be present, as gorilla/mux did for Traefik v1.
/// </summary>
internal sealed class HeaderMatcher(string name, string value) : RouteMatcher
{
    private readonly string _name = name;
    private readonly string _value = value;

    public override bool Matches(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(_name, out var values) || values.Count == 0)
        {
            return false;
        }

        if (_value.Length == 0)
        {
            return true;
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i], _value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
