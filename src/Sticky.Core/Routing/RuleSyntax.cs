// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Routing;

/// <summary>The two rule dialects Traefik has used.</summary>
internal enum RuleSyntax
{
    /// <summary>Traefik v1: <c>Host:a.com,b.com;PathPrefix:/api</c>.</summary>
    V1,

    /// <summary>Traefik v2/v3: <c>Host(`a.com`) &amp;&amp; PathPrefix(`/api`)</c>.</summary>
    V2,
}
