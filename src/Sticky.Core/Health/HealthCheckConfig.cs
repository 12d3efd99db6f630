// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Health;

/// <summary>
/// Active health check settings of a service, as Traefik's <c>healthcheck</c> options describe them.
/// </summary>
public sealed record HealthCheckConfig
{
    /// <summary>The path probed on each backend, for example <c>/health</c>.</summary>
    public required string Path { get; init; }

    /// <summary>Time between probes of one backend. Defaults to 10 seconds.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a probe may take before it counts as failed. Defaults to 5 seconds.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A port to probe instead of the backend's own; <see langword="null"/> keeps the backend port.</summary>
    public int? Port { get; init; }

    /// <summary>A scheme to probe with instead of the backend's own (<c>http</c> or <c>https</c>).</summary>
    public string? Scheme { get; init; }

    /// <summary>The Host header sent with probes; <see langword="null"/> sends the backend's authority.</summary>
    public string? Hostname { get; init; }

    /// <summary>
    /// The expected status code; <see langword="null"/> accepts any 2xx or 3xx, as Traefik does.
    /// </summary>
    public int? ExpectedStatus { get; init; }
}
