// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Logging;

namespace Sticky.Health;

internal sealed partial class PanicMonitor
{
    // Event ids 4040-4049 (next free: 4043).
    private static partial class Log
    {
        [LoggerMessage(4040, LogLevel.Warning, "Every backend of service {Service} is unhealthy: panic mode, requests are served by all {BackendCount} of them", EventName = "PanicEntered")]
        public static partial void PanicEntered(ILogger logger, string service, int backendCount);

        [LoggerMessage(4041, LogLevel.Warning, "Every backend of service {Service} is unhealthy: its {BackendCount} servers get no traffic and requests get 503 (panic mode is off)", EventName = "AllBackendsUnhealthy")]
        public static partial void AllUnhealthy(ILogger logger, string service, int backendCount);

        [LoggerMessage(4042, LogLevel.Warning, "Service {Service} has {HealthyCount} of {BackendCount} backends available again; panic is over", EventName = "PanicLeft")]
        public static partial void PanicLeft(ILogger logger, string service, int healthyCount, int backendCount);
    }
}
