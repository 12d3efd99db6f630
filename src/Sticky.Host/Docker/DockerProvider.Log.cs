// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker;

internal sealed partial class DockerProvider
{
    // Event IDs 3000-3049 belong to the Docker provider; DockerWatcher uses 3050-3099. Next free: 3011.
    private static partial class Log
    {
        [LoggerMessage(3000, LogLevel.Debug, "Configuration received from provider {Provider}: {Configuration}", EventName = "ConfigurationReceived")]
        public static partial void ConfigurationReceived(ILogger logger, string provider, string configuration);

        [LoggerMessage(3001, LogLevel.Information, "Service {Service} added with {BackendCount} backends, rule {Rule}, sticky sessions {Sticky}", EventName = "ServiceAdded")]
        public static partial void ServiceAdded(ILogger logger, string service, int backendCount, string rule, bool sticky);

        [LoggerMessage(3002, LogLevel.Information, "Service {Service} removed", EventName = "ServiceRemoved")]
        public static partial void ServiceRemoved(ILogger logger, string service);

        [LoggerMessage(3003, LogLevel.Information, "Service {Service} settings changed: rule {Rule}, sticky sessions {Sticky}", EventName = "ServiceChanged")]
        public static partial void ServiceChanged(ILogger logger, string service, string rule, bool sticky);

        [LoggerMessage(3004, LogLevel.Information, "Backend {Url} ({Name}) added to {Service} with weight {Weight}", EventName = "BackendAdded")]
        public static partial void BackendAdded(ILogger logger, string url, string name, string service, int weight);

        [LoggerMessage(3005, LogLevel.Information, "Backend {Url} ({Name}) removed from {Service}", EventName = "BackendRemoved")]
        public static partial void BackendRemoved(ILogger logger, string url, string name, string service);

        [LoggerMessage(3006, LogLevel.Information, "Backend {Url} ({Name}) of {Service} now has weight {Weight}, draining {Draining}", EventName = "BackendChanged")]
        public static partial void BackendChanged(ILogger logger, string url, string name, string service, int weight, bool draining);

        [LoggerMessage(3007, LogLevel.Warning, "Docker service {Service} skipped: label {Label}='{Value}': {Reason}", EventName = "BadLabel")]
        public static partial void BadLabel(ILogger logger, string service, string label, string value, string reason);

        [LoggerMessage(3008, LogLevel.Warning, "Docker provider: {Warning}", EventName = "DiscoveryWarning")]
        public static partial void DiscoveryWarning(ILogger logger, string warning);

        [LoggerMessage(3009, LogLevel.Warning, "Provider {Provider} cannot refresh, keeping the last good configuration ({ServiceCount} services): {Error}", EventName = "RefreshFailed")]
        public static partial void RefreshFailed(ILogger logger, string provider, string error, int serviceCount);

        [LoggerMessage(3010, LogLevel.Information, "Provider {Provider} refreshed again after an error", EventName = "Recovered")]
        public static partial void Recovered(ILogger logger, string provider);
    }
}
