// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Http;

namespace Sticky.Affinity;

/// <summary>
/// How the affinity (sticky session) cookie of a service is named and issued.
/// </summary>
public sealed record AffinityCookieConfig
{
    /// <summary>
    /// The cookie name. When <see langword="null"/> it is derived exactly as Traefik v1 derives it from
    /// <c>backend-&lt;service&gt;</c>, so <c>whoami-service</c> gets <c>_a49bc</c> and an existing Traefik
    /// stack keeps its sessions. A configured name is sanitized to a valid cookie token.
    /// </summary>
    public string? CookieName { get; init; }

    /// <summary>The cookie <c>Path</c> attribute. Defaults to <c>/</c>.</summary>
    public string Path { get; init; } = "/";

    /// <summary>The cookie <c>Domain</c> attribute; omitted when <see langword="null"/>.</summary>
    public string? Domain { get; init; }

    /// <summary>Whether the cookie is <c>HttpOnly</c>. Defaults to <see langword="true"/>: scripts never need it.</summary>
    public bool HttpOnly { get; init; } = true;

    /// <summary>Whether the cookie is <c>Secure</c> (sent over HTTPS only).</summary>
    public bool Secure { get; init; }

    /// <summary>The <c>SameSite</c> attribute; <see cref="SameSiteMode.Unspecified"/> omits it.</summary>
    public SameSiteMode SameSite { get; init; } = SameSiteMode.Unspecified;

    /// <summary>The cookie lifetime (<c>Max-Age</c>); <see langword="null"/> issues a session cookie.</summary>
    public TimeSpan? MaxAge { get; init; }
}
