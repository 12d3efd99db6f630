// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Configuration;

/// <summary>Settings of the standalone host, section <c>Sticky:Host</c>.</summary>
public sealed class StickyHostOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Sticky:Host";

    /// <summary>Where the proxy listens: <c>:80</c>, <c>0.0.0.0:80</c>, <c>127.0.0.1:8000</c> or a URL.</summary>
    public string ProxyAddress { get; set; } = ":80";

    /// <summary>
    /// Protocols on the proxy listener: <c>Http1</c>, <c>Http2</c> (cleartext h2c with prior knowledge) or
    /// <c>Http1AndHttp2</c> (needs a certificate, negotiated by ALPN). Defaults to <c>Http1AndHttp2</c> with a
    /// certificate and <c>Http1</c> without.
    /// </summary>
    public string? ProxyProtocols { get; set; }

    /// <summary>A certificate for HTTPS on the proxy listener; unset serves plain HTTP.</summary>
    public CertificateOptions? Certificate { get; set; }

    /// <summary>Where the dashboard, API, metrics and <c>/ping</c> listen. Defaults to <c>:8080</c>, as Traefik v1.</summary>
    public string AdminAddress { get; set; } = ":8080";

    /// <summary>Whether the admin port is served. Traefik's <c>--web</c> sets it; on by default.</summary>
    public bool Admin { get; set; } = true;

    /// <summary>
    /// A bearer token required on the whole admin port except <c>/ping</c>; unset leaves the port open.
    /// Browsers may send it as the password of basic auth, with any user name.
    /// </summary>
    public string? AdminToken { get; set; }

    /// <summary>The basic auth user required on the admin port (except <c>/ping</c>); set with <see cref="AdminPassword"/>.</summary>
    public string? AdminUser { get; set; }

    /// <summary>The basic auth password that goes with <see cref="AdminUser"/>.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>Log level: Traefik's DEBUG, INFO, WARN, ERROR, or the .NET names.</summary>
    public string LogLevel { get; set; } = "INFO";

    /// <summary>Run the built-in demo: three whoami backends on loopback behind a sticky service.</summary>
    public bool Demo { get; set; }
}

/// <summary>A PFX or PEM certificate for the proxy listener, section <c>Sticky:Host:Certificate</c>.</summary>
public sealed class CertificateOptions
{
    /// <summary>A .pfx/.p12 file, or a PEM certificate file when <see cref="KeyPath"/> is set.</summary>
    public string? Path { get; set; }

    /// <summary>The PEM private key file that goes with a PEM <see cref="Path"/>.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The password of a PFX file or an encrypted PEM key.</summary>
    public string? Password { get; set; }
}
