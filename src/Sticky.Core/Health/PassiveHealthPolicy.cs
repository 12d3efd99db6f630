// Licensed under the MIT License. See LICENSE in the repository root.

using System.Globalization;
using Sticky.Backends;
using Sticky.Forwarding;

namespace Sticky.Health;

/// <summary>
/// Passive health: the request path reports every forwarding attempt here, and consecutive failures eject the
/// backend for a while (see <see cref="HealthOptions"/>). Thread-safe; a success allocates nothing and takes no
/// lock unless it resets a failure count or serves a probation.
/// </summary>
internal sealed class PassiveHealthPolicy
{
    private readonly BackendHealthTracker _tracker;
    private readonly int _threshold;
    private readonly bool _countServerErrors;

    public PassiveHealthPolicy(BackendHealthTracker tracker)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        _tracker = tracker;
        _threshold = tracker.Options.PassiveFailureThreshold;
        _countServerErrors = tracker.Options.PassiveCountsServerErrors;
    }

    /// <summary>Whether passive health is on (<see cref="HealthOptions.PassiveFailureThreshold"/> above 0).</summary>
    public bool IsEnabled => _threshold > 0;

    /// <summary>
    /// Records how one forwarding attempt to <paramref name="backend"/> ended. Call it once per attempt, retries
    /// included. Client aborts count neither way.
    /// </summary>
    public void Report(Backend backend, in ForwardResult result)
    {
        ArgumentNullException.ThrowIfNull(backend);
        if (_threshold <= 0)
        {
            return;
        }

        switch (result.Outcome)
        {
            case ForwardOutcome.ClientAborted:
                return;
            case ForwardOutcome.Success when !(_countServerErrors && result.StatusCode >= 500):
                // No record means no failure was ever seen: nothing to reset.
                if (_tracker.TryGet(backend.State, out var record))
                {
                    record.PassiveSuccess();
                }

                return;
            default:
                _tracker.GetOrCreate(backend).PassiveFailure(Describe(result));
                return;
        }
    }

    private static string Describe(in ForwardResult result) => result.Outcome switch
    {
        ForwardOutcome.Success => "HTTP " + result.StatusCode.ToString(CultureInfo.InvariantCulture),
        ForwardOutcome.ConnectFailed => With("connect failed", result.Error),
        ForwardOutcome.RequestFailed => With("request failed before a response", result.Error),
        ForwardOutcome.Timeout => "no response headers in time",
        ForwardOutcome.ResponseBodyFailed => With("response body failed", result.Error),
        _ => With("upgrade failed", result.Error),
    };

    private static string With(string what, Exception? error) => error is null ? what : $"{what} ({error.Message})";
}
