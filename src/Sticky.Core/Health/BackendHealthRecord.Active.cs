// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Backends;

namespace Sticky.Health;

internal sealed partial class BackendHealthRecord
{
    private BackendHealth _active = BackendHealth.Unknown;
    private int _activeSuccesses;
    private int _activeFailures;

    /// <summary>Counts one probe and moves the active verdict when a threshold is reached.</summary>
    /// <remarks>
    /// A backend never seen before is settled by its first probe: a new Swarm task that does not listen yet
    /// should stop getting new clients at once. A known one needs consecutive results to change its verdict.
    /// </remarks>
    public void ReportProbe(in ProbeResult result)
    {
        lock (_gate)
        {
            BackendHealth next;
            if (result.IsHealthy)
            {
                _activeFailures = 0;
                _activeSuccesses++;
                next = _active == BackendHealth.Unknown || (_active == BackendHealth.Unhealthy && _activeSuccesses >= _options.HealthyThreshold)
                    ? BackendHealth.Healthy
                    : _active;
            }
            else
            {
                _activeSuccesses = 0;
                _activeFailures++;
                next = _active == BackendHealth.Unknown || (_active == BackendHealth.Healthy && _activeFailures >= _options.UnhealthyThreshold)
                    ? BackendHealth.Unhealthy
                    : _active;
            }

            if (next != _active)
            {
                _active = next;
                _activeSuccesses = 0;
                _activeFailures = 0;
                Publish(result.ReasonCode, result.Describe());
            }
        }
    }

    /// <summary>The backend is no longer probed but still routed (its service dropped the health check).</summary>
    public void ClearActive()
    {
        lock (_gate)
        {
            _active = BackendHealth.Unknown;
            _activeSuccesses = 0;
            _activeFailures = 0;
            Publish("check_removed", "the service no longer has an active health check");
        }
    }
}
