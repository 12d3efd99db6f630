// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Logging;

namespace Sticky.Proxy;

internal sealed partial class SnapshotBuilder
{
    // Event ids 2000-2099. The debug lines mirror what Traefik v1 logs, so its users find their way.
    private static partial class Log
    {
        [LoggerMessage(2000, LogLevel.Debug, "Configuration received from provider {Provider}: {ServiceCount} services", EventName = "ConfigurationReceived")]
        public static partial void ConfigurationReceived(ILogger logger, string provider, int serviceCount);

        [LoggerMessage(2001, LogLevel.Debug, "Creating service {Service} with load-balancer {Policy} and {BackendCount} servers", EventName = "CreatingService")]
        public static partial void CreatingService(ILogger logger, string service, string policy, int backendCount);

        [LoggerMessage(2002, LogLevel.Debug, "Sticky session with cookie {CookieName} for service {Service}", EventName = "StickySession")]
        public static partial void StickySession(ILogger logger, string service, string cookieName);

        [LoggerMessage(2003, LogLevel.Debug, "Creating server {Server} at {Url} with weight {Weight}{DrainingNote}", EventName = "CreatingServer")]
        public static partial void CreatingServerCore(ILogger logger, string server, string url, int weight, string drainingNote);

        public static void CreatingServer(ILogger logger, string server, string url, int weight, bool draining)
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
                CreatingServerCore(logger, server, url, weight, draining ? " (draining)" : string.Empty);
            }
        }

        [LoggerMessage(2004, LogLevel.Debug, "Creating route {Rule} to service {Service}", EventName = "CreatingRoute")]
        public static partial void CreatingRoute(ILogger logger, string rule, string service);

        [LoggerMessage(2005, LogLevel.Error, "Service {Service}: {Problem}", EventName = "InvalidService")]
        public static partial void InvalidService(ILogger logger, string service, string problem);

        [LoggerMessage(2006, LogLevel.Warning, "Service {Service} keeps its previous configuration because the new one is invalid", EventName = "KeepingPreviousService")]
        public static partial void KeepingPreviousService(ILogger logger, string service);
    }
}
