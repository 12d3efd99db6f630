// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Logging;
using Sticky.Backends;

namespace Sticky.Health;

internal sealed partial class BackendProber
{
    // Event ids 4030-4039 (next free: 4033).
    private static partial class Log
    {
        [LoggerMessage(4030, LogLevel.Debug, "Health probe of backend {Backend} of service {Service} at {Url} failed: {Detail}", EventName = "ProbeFailed")]
        public static partial void ProbeFailed(ILogger logger, string service, Backend backend, Uri url, string detail);

        [LoggerMessage(4031, LogLevel.Debug, "Health probe of backend {Backend} of service {Service} still running after the interval of {Interval}; this turn is skipped", EventName = "ProbeStillRunning")]
        public static partial void ProbeStillRunning(ILogger logger, string service, Backend backend, TimeSpan interval);

        [LoggerMessage(4032, LogLevel.Error, "Health probe of backend {Backend} of service {Service} failed unexpectedly", EventName = "ProbeCrashed")]
        public static partial void ProbeCrashed(ILogger logger, string service, Backend backend, Exception exception);
    }
}
