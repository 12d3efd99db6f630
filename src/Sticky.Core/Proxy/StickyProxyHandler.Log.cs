// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Logging;
using Sticky.Forwarding;

namespace Sticky.Proxy;

internal sealed partial class StickyProxyHandler
{
    // Event ids 2200-2299.
    private static partial class Log
    {
        [LoggerMessage(2200, LogLevel.Warning, "No backend of service {Service} can take the request", EventName = "NoBackendAvailable")]
        public static partial void NoBackendAvailable(ILogger logger, string service);

        [LoggerMessage(2201, LogLevel.Information, "Service {Service}: backend {Failed} failed ({Outcome}) before answering; retrying on {Next}", EventName = "Retrying")]
        public static partial void Retrying(ILogger logger, string service, string failed, string next, ForwardOutcome outcome);
    }
}
