// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Backends;

namespace Sticky.Health;

/// <summary>Where and how one backend is probed, computed once per backend and configuration.</summary>
internal sealed class ProbeTarget
{
    /// <summary>The shortest interval honoured: a misconfigured 0 must not turn probes into a flood.</summary>
    internal static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);

    private ProbeTarget(HealthCheckConfig config, Uri uri, TimeSpan interval, TimeSpan timeout)
    {
        Config = config;
        Uri = uri;
        Interval = interval;
        Timeout = timeout;
    }

    public HealthCheckConfig Config { get; }

    public Uri Uri { get; }

    /// <summary>The Host header to send instead of the URI's authority, if any.</summary>
    public string? Host => Config.Hostname;

    public int? ExpectedStatus => Config.ExpectedStatus;

    public TimeSpan Interval { get; }

    public TimeSpan Timeout { get; }

    public static ProbeTarget Create(Backend backend, HealthCheckConfig config)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(config);
        var builder = new UriBuilder(backend.Url);
        if (config.Scheme is { } scheme && (scheme.Equals(Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase) || scheme.Equals(Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase)))
        {
            builder.Scheme = scheme.ToLowerInvariant();
        }

        builder.Port = config.Port is { } port and > 0 ? port : backend.Url.Port;

        // As Traefik does, the (absolute) path replaces any base path of the backend URL.
        var path = string.IsNullOrEmpty(config.Path) ? "/" : config.Path;
        var query = path.IndexOf('?', StringComparison.Ordinal);
        builder.Path = query < 0 ? path : path[..query];
        builder.Query = query < 0 ? string.Empty : path[(query + 1)..];

        var interval = config.Interval < MinInterval ? MinInterval : config.Interval;
        var timeout = config.Timeout > TimeSpan.Zero ? config.Timeout : interval;
        return new ProbeTarget(config, builder.Uri, interval, timeout);
    }
}
