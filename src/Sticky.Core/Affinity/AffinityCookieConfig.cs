// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Http;

namespace Sticky.Affinity;

/// <summary>
/// How the affinity (sticky session) cookie of a service is named and issued.
/// </summary>
public sealed record AffinityCookieConfig
{
    /// <summary>
    /// The cookie name. When <see langword="null"/> or empty it is derived exactly as Traefik v1 derives it
    /// from <c>backend-&lt;service&gt;</c>, so <c>whoami-service</c> gets <c>_a49bc</c> and an existing Traefik
    /// stack keeps its sessions. A configured name is sanitized as Traefik does: every character that is not
    /// valid in a cookie name becomes <c>_</c>.
    /// </summary>
    public string? CookieName { get; init; }

    /// <summary>
    /// The cookie <c>Path</c> attribute. Defaults to <c>/</c>; empty omits it. It must start with <c>/</c>
    /// (browsers ignore any other path) and contain no <c>;</c>, whitespace, control or non-ASCII character.
    /// </summary>
    public string Path { get; init; } = "/";

    /// <summary>
    /// The cookie <c>Domain</c> attribute; omitted when <see langword="null"/> or empty. It must contain no
    /// <c>;</c>, whitespace, control or non-ASCII character.
    /// </summary>
    public string? Domain { get; init; }

    /// <summary>Whether the cookie is <c>HttpOnly</c>. Defaults to <see langword="true"/>: scripts never need it.</summary>
    public bool HttpOnly { get; init; } = true;

    /// <summary>Whether the cookie is <c>Secure</c> (sent over HTTPS only).</summary>
    public bool Secure { get; init; }

    /// <summary>
    /// The <c>SameSite</c> attribute; <see cref="SameSiteMode.Unspecified"/> omits it. Browsers drop a
    /// <see cref="SameSiteMode.None"/> cookie that is not also <see cref="Secure"/>.
    /// </summary>
    public SameSiteMode SameSite { get; init; } = SameSiteMode.Unspecified;

    /// <summary>
    /// The cookie lifetime (<c>Max-Age</c>, whole seconds). <see langword="null"/>, or less than one second as
    /// Traefik's <c>maxAge: 0</c>, issues a session cookie; a negative value is rejected.
    /// </summary>
    public TimeSpan? MaxAge { get; init; }
}
