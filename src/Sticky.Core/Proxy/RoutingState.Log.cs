// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Logging;

namespace Sticky.Proxy;

internal sealed partial class RoutingState
{
    // Event ids 2100-2199.
    private static partial class Log
    {
        [LoggerMessage(2100, LogLevel.Information, "Routing table updated: generation {Generation}, {ServiceCount} services, {BackendCount} servers, built in {ElapsedMs:0.0} ms (providers read in {ReadMs:0.0} ms), listeners took {ListenersMs:0.0} ms", EventName = "RoutingTableUpdated")]
        public static partial void RoutingTableUpdated(ILogger logger, long generation, int serviceCount, int backendCount, double elapsedMs, double readMs, double listenersMs);

        [LoggerMessage(2101, LogLevel.Error, "Provider {Provider} failed; its services keep their last configuration", EventName = "ProviderFailed")]
        public static partial void ProviderFailed(ILogger logger, string provider, Exception exception);

        [LoggerMessage(2103, LogLevel.Warning, "Draining backend {Backend} of service {Service} at an operator's request: no new clients, pinned clients until the drain timeout", EventName = "DrainRequested")]
        public static partial void DrainRequested(ILogger logger, string service, string backend);

        [LoggerMessage(2104, LogLevel.Error, "A listener of routing table changes ({Listener}) failed", EventName = "ChangedListenerFailed")]
        public static partial void ChangedListenerFailed(ILogger logger, string listener, Exception exception);

        [LoggerMessage(2102, LogLevel.Error, "Rebuilding the routing table failed; the current one keeps serving", EventName = "RebuildFailed")]
        public static partial void RebuildFailed(ILogger logger, Exception exception);
    }
}
