// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Forwarding;
using Sticky.Health;

namespace Sticky.Configuration;

/// <summary>
/// Settings that apply to every service, bound from the <c>Sticky</c> configuration section.
/// Services themselves come from providers (the <c>Sticky:Services</c> section is one of them).
/// </summary>
public sealed class StickyOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Sticky";

    /// <summary>
    /// A secret (at least 16 characters) that turns affinity cookie values into HMACs, so clients cannot
    /// forge a pin to a backend of their choice. Every replica must share it. Unset: values are plain
    /// hashes of the backend identity (still opaque, but guessable by someone who knows the backend URLs).
    /// </summary>
    public string? AffinitySecret { get; set; }

    /// <summary>
    /// Whether cookie values issued by Traefik (v1's raw backend URL, v2/v3's hashes) are honoured and
    /// re-issued in Sticky's format, so no session is lost when Sticky replaces Traefik. Such values are
    /// guessable, so when unset this is <see langword="true"/> without an <see cref="AffinitySecret"/> and
    /// <see langword="false"/> with one; set it to <see langword="true"/> for the migration window.
    /// </summary>
    public bool? AcceptTraefikCookies { get; set; }

    /// <summary>How requests are forwarded to backends (section <c>Sticky:Forwarding</c>).</summary>
    public ForwarderOptions Forwarding { get; set; } = new();

    /// <summary>Health checks, ejection, panic mode, retries and draining (section <c>Sticky:Health</c>).</summary>
    public HealthOptions Health { get; set; } = new();

    /// <summary>Whether services are read from the <c>Sticky:Services</c> configuration section. Defaults to true.</summary>
    public bool UseConfigurationProvider { get; set; } = true;

    /// <summary>
    /// A JSON file of services, <c>{ "Services": { ... } }</c> with the keys of <c>Sticky:Services</c>, watched
    /// for changes (the <c>file</c> provider). It is read straight into services instead of through
    /// configuration, so large or often rewritten backend lists belong here. Relative paths are resolved
    /// against the working directory. Unset: no services file.
    /// </summary>
    public string? ServicesFile { get; set; }
}
