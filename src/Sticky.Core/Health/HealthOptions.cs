// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Health;

/// <summary>
/// How backend failures are detected and absorbed, for every service. Bound from the configuration section
/// <c>Sticky:Health</c>. The per-service probe settings (path, interval, timeout, ...) are in
/// <see cref="HealthCheckConfig"/>.
/// </summary>
/// <remarks>
/// <para>
/// Two checks feed one health value per backend. <b>Active</b> probes set a verdict: a backend nobody has probed
/// is <see cref="Backends.BackendHealth.Unknown"/> (served); the first probe settles it; afterwards it turns
/// unhealthy after <see cref="UnhealthyThreshold"/> consecutive failed probes and healthy again after
/// <see cref="HealthyThreshold"/> consecutive good ones. <b>Passive</b> health watches real traffic: after
/// <see cref="PassiveFailureThreshold"/> consecutive failures the backend is ejected for
/// <see cref="EjectionPeriod"/>, then returns on probation; a failure on probation ejects it again at once for
/// twice the previous period (up to <see cref="MaxEjectionPeriod"/>), and <see cref="ProbationSuccesses"/>
/// successes end the probation.
/// </para>
/// <para>
/// A backend is unhealthy while either check objects: while it is ejected, or while its active verdict is
/// unhealthy. So an ejection is lifted by time alone, but a backend whose probes still fail stays out; and good
/// probes do not cut an ejection short.
/// </para>
/// <para>
/// A mutable class rather than a record: the configuration binding source generator cannot set <c>init</c>
/// properties.
/// </para>
/// </remarks>
public sealed class HealthOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Sticky:Health";

    /// <summary>
    /// Consecutive failed probes that turn a healthy backend unhealthy. Defaults to 2: one lost probe (a GC pause,
    /// a dropped packet) must not re-pin every client of a sticky backend. A dead backend is covered meanwhile by
    /// retries and passive health. A backend never seen healthy is settled by its first probe.
    /// </summary>
    public int UnhealthyThreshold { get; set; } = 2;

    /// <summary>Consecutive good probes that bring an unhealthy backend back. Defaults to 2.</summary>
    public int HealthyThreshold { get; set; } = 2;

    /// <summary>
    /// How long a probe waits for the TCP (and TLS) connection; the probe's own timeout still bounds the whole
    /// probe. Defaults to 2 seconds.
    /// </summary>
    public TimeSpan ProbeConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Each probe comes up to this fraction of the interval early, at random, so the probes of many backends
    /// (and of several Sticky replicas) spread out instead of arriving together. Never late, so a failure is
    /// still noticed within one interval. Between 0 and 0.5; defaults to 0.1.
    /// </summary>
    public double ProbeJitter { get; set; } = 0.1;

    /// <summary>
    /// Consecutive failed requests (transport failures, and 5xx responses when
    /// <see cref="PassiveCountsServerErrors"/>) that eject a backend. 0 disables passive health. Defaults to 5.
    /// </summary>
    public int PassiveFailureThreshold { get; set; } = 5;

    /// <summary>
    /// Whether a 5xx response from the backend counts as a failure for passive health. Defaults to
    /// <see langword="true"/>. Transport failures (refused, reset, timed out) always count.
    /// </summary>
    public bool PassiveCountsServerErrors { get; set; } = true;

    /// <summary>How long a backend stays ejected the first time. Defaults to 30 seconds.</summary>
    public TimeSpan EjectionPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The cap of the ejection period, which doubles each time a backend fails on probation. Defaults to 5 minutes.
    /// </summary>
    public TimeSpan MaxEjectionPeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Successful requests a backend back from an ejection must serve before a failure is counted normally again.
    /// Defaults to 3.
    /// </summary>
    public int ProbationSuccesses { get; set; } = 3;

    /// <summary>
    /// When every backend of a service is unhealthy, serve from all of them rather than answer 503 (YARP's
    /// <c>HealthyOrPanic</c>): health checks can be wrong, a dead service cannot get worse. Entering and leaving
    /// panic are logged once each. Defaults to <see langword="true"/>.
    /// </summary>
    public bool PanicMode { get; set; } = true;

    /// <summary>
    /// How many times a failed request is retried on another backend: only when it failed to connect or was reset
    /// before any response byte, and only while none of its body was sent. Defaults to 2 (three backends tried).
    /// Between 0 and 10.
    /// </summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>
    /// How long a draining backend keeps serving its pinned clients before they are re-pinned elsewhere.
    /// Defaults to 30 seconds.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// On shutdown, how long in-flight requests may take to finish after Sticky stops accepting new ones.
    /// Defaults to 30 seconds.
    /// </summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(30);
}
