// Licensed under the MIT License. See LICENSE in the repository root.

using System.Globalization;

namespace Sticky.Health;

/// <summary>What one active probe found. The text forms are built only when a transition is logged.</summary>
internal readonly struct ProbeResult
{
    private ProbeResult(ProbeOutcome outcome, int statusCode, int? expectedStatus, string? error, TimeSpan timeout)
    {
        Outcome = outcome;
        StatusCode = statusCode;
        ExpectedStatus = expectedStatus;
        Error = error;
        Timeout = timeout;
    }

    public ProbeOutcome Outcome { get; }

    public bool IsHealthy => Outcome == ProbeOutcome.Healthy;

    /// <summary>The backend's status code, or 0 when no response arrived.</summary>
    public int StatusCode { get; }

    public int? ExpectedStatus { get; }

    public string? Error { get; }

    public TimeSpan Timeout { get; }

    /// <summary>The low-cardinality reason recorded on the <c>sticky.health.transitions</c> counter.</summary>
    public string ReasonCode => Outcome switch
    {
        ProbeOutcome.Healthy => "probe_ok",
        ProbeOutcome.UnexpectedStatus => "probe_status",
        ProbeOutcome.Timeout => "probe_timeout",
        ProbeOutcome.ConnectionRefused => "probe_connection_refused",
        _ => "probe_error",
    };

    public static ProbeResult Status(int statusCode, int? expectedStatus)
    {
        var healthy = expectedStatus is { } expected ? statusCode == expected : statusCode is >= 200 and < 400;
        return new(healthy ? ProbeOutcome.Healthy : ProbeOutcome.UnexpectedStatus, statusCode, expectedStatus, null, default);
    }

    public static ProbeResult TimedOut(TimeSpan timeout) => new(ProbeOutcome.Timeout, 0, null, null, timeout);

    public static ProbeResult Refused(string error) => new(ProbeOutcome.ConnectionRefused, 0, null, error, default);

    public static ProbeResult Failed(string error) => new(ProbeOutcome.Error, 0, null, error, default);

    /// <summary>A sentence for the log: <c>HTTP 503 (expected 2xx or 3xx)</c>, <c>timed out after 5 s</c>, ...</summary>
    public string Describe() => Outcome switch
    {
        ProbeOutcome.Healthy => $"probe answered HTTP {StatusCode}",
        ProbeOutcome.UnexpectedStatus => $"probe answered HTTP {StatusCode} (expected {(ExpectedStatus is { } e ? e.ToString(CultureInfo.InvariantCulture) : "2xx or 3xx")})",
        ProbeOutcome.Timeout => $"probe timed out after {Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s",
        ProbeOutcome.ConnectionRefused => $"probe connection refused ({Error})",
        _ => $"probe failed ({Error})",
    };
}
