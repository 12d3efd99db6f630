// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Logging;

namespace Sticky.Forwarding;

internal sealed partial class HttpForwarder
{
    // Forwarding owns event IDs 3001-3099. Next free: 3007.
    private static partial class Log
    {
        [LoggerMessage(3001, LogLevel.Warning, "Backend {Backend} could not be reached: {Error}", EventName = "BackendConnectFailed")]
        public static partial void ConnectFailed(ILogger logger, string backend, string error);

        [LoggerMessage(3002, LogLevel.Warning, "Backend {Backend} sent no response headers within {Timeout}", EventName = "BackendTimeout")]
        public static partial void RequestTimedOut(ILogger logger, string backend, TimeSpan timeout);

        [LoggerMessage(3003, LogLevel.Warning, "Request to backend {Backend} failed before a response arrived: {Error}", EventName = "BackendRequestFailed")]
        public static partial void RequestFailed(ILogger logger, string backend, string error);

        [LoggerMessage(3004, LogLevel.Warning, "Backend {Backend} failed while its response body was relayed: {Error}", EventName = "BackendResponseBodyFailed")]
        public static partial void ResponseBodyFailed(ILogger logger, string backend, string error);

        [LoggerMessage(3005, LogLevel.Warning, "Upgraded connection to backend {Backend} failed: {Error}", EventName = "BackendUpgradeFailed")]
        public static partial void UpgradeFailed(ILogger logger, string backend, string error);

        [LoggerMessage(3006, LogLevel.Debug, "The client aborted its request to backend {Backend}", EventName = "ClientAborted")]
        public static partial void ClientAborted(ILogger logger, string backend);
    }
}
