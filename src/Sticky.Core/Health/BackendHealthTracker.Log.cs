// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Logging;
using Sticky.Backends;

namespace Sticky.Health;

internal sealed partial class BackendHealthTracker
{
    // Event ids 4000-4019 (Health uses 4000-4099; next free here: 4004).
    private static partial class Log
    {
        [LoggerMessage(4000, LogLevel.Warning, "Backend {Backend} of service {Service} is unhealthy and gets no traffic ({Reason}): {Detail}", EventName = "BackendUnhealthy")]
        public static partial void BackendUnhealthy(ILogger logger, string service, Backend backend, string reason, string detail);

        [LoggerMessage(4001, LogLevel.Information, "Backend {Backend} of service {Service} is {Health} again ({Reason}): {Detail}", EventName = "BackendRecovered")]
        public static partial void BackendRecovered(ILogger logger, string service, Backend backend, string health, string reason, string detail);

        [LoggerMessage(4002, LogLevel.Debug, "Backend {Backend} of service {Service} is {Health} ({Reason}): {Detail}", EventName = "BackendConfirmed")]
        public static partial void BackendConfirmed(ILogger logger, string service, Backend backend, string health, string reason, string detail);

        [LoggerMessage(4003, LogLevel.Information, "Backend {Backend} of service {Service} completed its probation after {Successes} successful requests", EventName = "ProbationCompleted")]
        public static partial void ProbationCompleted(ILogger logger, string service, Backend backend, int successes);
    }
}
