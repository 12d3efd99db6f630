// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Logging;

namespace Sticky.Health;

internal sealed partial class ActiveHealthChecker
{
    // Event ids 4020-4029 (next free: 4023).
    private static partial class Log
    {
        [LoggerMessage(4020, LogLevel.Information, "Active health check of service {Service}: GET {Path} on {BackendCount} servers every {Interval}, timeout {Timeout}, expected status {ExpectedStatus}, Host {Host}", EventName = "ProbingService")]
        public static partial void ProbingService(ILogger logger, string service, int backendCount, string path, TimeSpan interval, TimeSpan timeout, string expectedStatus, string host);

        [LoggerMessage(4021, LogLevel.Information, "Active health check of service {Service} stopped", EventName = "StoppedProbingService")]
        public static partial void StoppedProbingService(ILogger logger, string service);

        [LoggerMessage(4022, LogLevel.Error, "Applying routing table generation {Generation} to the active health checks failed; the previous probes keep running", EventName = "ReconcileFailed")]
        public static partial void ReconcileFailed(ILogger logger, long generation, Exception exception);
    }
}
