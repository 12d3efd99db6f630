// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Host.Docker;

internal sealed partial class DockerWatcher
{
    // Event IDs 3050-3099 belong to the Docker watcher. Next free: 3054.
    private static partial class Log
    {
        [LoggerMessage(3050, LogLevel.Information, "Docker provider reading {Endpoint} (swarm mode {SwarmMode}, watch {Watch})", EventName = "DockerProviderStarting")]
        public static partial void Starting(ILogger logger, string endpoint, bool swarmMode, bool watch);

        [LoggerMessage(3051, LogLevel.Debug, "Docker event {Type} {Action} {Actor}; refreshing", EventName = "DockerEventReceived")]
        public static partial void EventReceived(ILogger logger, string type, string action, string actor);

        [LoggerMessage(3052, LogLevel.Warning, "Lost the Docker event stream ({Reason}); reconnecting in {Delay} while the last configuration keeps serving", EventName = "DockerEventStreamLost")]
        public static partial void EventStreamLost(ILogger logger, string reason, TimeSpan delay);

        [LoggerMessage(3053, LogLevel.Debug, "Docker event stream still unavailable ({Reason}); retrying in {Delay}", EventName = "DockerEventStreamStillLost")]
        public static partial void EventStreamStillLost(ILogger logger, string reason, TimeSpan delay);

        [LoggerMessage(3054, LogLevel.Warning, "No answer from the Docker daemon within {Seconds} s of start-up; serving with what is known and reading on in the background", EventName = "DockerFirstReadSlow")]
        public static partial void FirstReadSlow(ILogger logger, double seconds);
    }
}
