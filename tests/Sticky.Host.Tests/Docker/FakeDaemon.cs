// Licensed under the MIT License. See LICENSE in the repository root.

using System.Threading.Channels;
using Moq;
using Sticky.Host.Docker.Client;
using Sticky.Host.Docker.Client.Models;
using static Sticky.Host.Docker.Tests.DockerTestData;

namespace Sticky.Host.Docker.Tests;

/// <summary>
/// A Moq-backed daemon for watcher tests: a mutable swarm, an event stream per connection that the test
/// feeds or breaks, and a switch that makes every call fail as when the daemon is down.
/// </summary>
internal sealed class FakeDaemon
{
    private readonly Lock _gate = new();
    private Channel<DockerEvent> _events = Channel.CreateUnbounded<DockerEvent>();

    public FakeDaemon()
    {
        Api.SetupGet(a => a.Endpoint).Returns("unix:///var/run/docker.sock");
        Api.Setup(a => a.GetInfoAsync(It.IsAny<CancellationToken>())).Returns(() => Call(SwarmManager()));
        Api.Setup(a => a.ListServicesAsync(It.IsAny<CancellationToken>())).Returns(() =>
        {
            Interlocked.Increment(ref ListCount);
            return Call<IReadOnlyList<SwarmService>>([.. Services]);
        });
        Api.Setup(a => a.ListNetworksAsync(It.IsAny<CancellationToken>())).Returns(() => Call<IReadOnlyList<DockerNetwork>>(Networks()));
        Api.Setup(a => a.ListTasksAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .Returns(() => Call<IReadOnlyList<SwarmTask>>([.. Tasks]));
        Api.Setup(a => a.MonitorEventsAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .Returns((IReadOnlyCollection<string> _, CancellationToken ct) => OpenEvents(ct));
    }

    public Mock<IDockerApi> Api { get; } = new();

    public List<SwarmService> Services { get; } = [];

    public List<SwarmTask> Tasks { get; } = [];

    /// <summary>When true every call fails as if the socket were gone.</summary>
    public bool Down { get; set; }

    public int ListCount;

    public int EventConnections;

    public void Publish(string type, string action) =>
        _events.Writer.TryWrite(new DockerEvent { Type = type, Action = action, Actor = new EventActor { ID = "x" } });

    /// <summary>Breaks the current event stream, as a daemon restart does.</summary>
    public void BreakEventStream()
    {
        lock (_gate)
        {
            _events.Writer.TryComplete(new IOException("The response ended prematurely."));
        }
    }

    private async IAsyncEnumerable<DockerEvent> OpenEvents([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref EventConnections);
        Channel<DockerEvent> channel;
        lock (_gate)
        {
            if (Down)
            {
                throw Unreachable();
            }

            if (_events.Reader.Completion.IsCompleted)
            {
                _events = Channel.CreateUnbounded<DockerEvent>();
            }

            channel = _events;
        }

        await foreach (var e in channel.Reader.ReadAllAsync(cancellationToken))
        {
            yield return e;
        }
    }

    private Task<T> Call<T>(T result) => Down ? Task.FromException<T>(Unreachable()) : Task.FromResult(result);

    private static DockerApiException Unreachable() => new(
        "unix:///var/run/docker.sock",
        statusCode: null,
        daemonMessage: null,
        "cannot connect to the Docker daemon at unix:///var/run/docker.sock: Connection refused");
}
