// Licensed under the MIT License. See LICENSE in the repository root.

using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Sticky.Host.EndToEnd.Tests;

/// <summary>
/// Polls every task of a service (history included) on the side and records, by this machine's clock, when
/// each was last seen wanted running and first seen retired (desired state <c>shutdown</c> or <c>remove</c>), with a timeline
/// of every change for failure messages. The times bound Docker's: a state read during a poll was true at some
/// moment between the poll's start and end.
/// </summary>
internal sealed class RollingUpdateTaskWatch : IAsyncDisposable
{
    private const string Format =
        "{{.ID}}|{{index . \"Slot\"}}|{{.DesiredState}}|{{.Status.State}}|"
        + "{{with index .Status \"ContainerStatus\"}}{{index . \"ContainerID\"}}{{end}}|{{.Spec.ContainerSpec.Image}}|"
        + "{{with index .Status \"ContainerStatus\"}}{{index . \"ExitCode\"}}{{end}}";

    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan s_maxDuration = TimeSpan.FromMinutes(3);

    private readonly string _service;
    private readonly Dictionary<string, RollingUpdateTaskRecord> _tasks = new(StringComparer.Ordinal);
    private readonly List<string> _timeline = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstPoll = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _loop = Task.CompletedTask;
    private int _polls;
    private int _failedPolls;

    private RollingUpdateTaskWatch(string service) => _service = service;

    public static async Task<RollingUpdateTaskWatch> StartAsync(string service)
    {
        var watch = new RollingUpdateTaskWatch(service);
        watch._loop = Task.Run(watch.LoopAsync);
        await watch._firstPoll.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return watch;
    }

    /// <summary>Copies of the records, by task ID.</summary>
    public IReadOnlyList<RollingUpdateTaskRecord> Tasks()
    {
        lock (_gate)
        {
            return [.. _tasks.Values.Select(static t => t with { })];
        }
    }

    /// <summary>The task whose container has this hostname, or null.</summary>
    public RollingUpdateTaskRecord? ByHostname(string hostname)
    {
        lock (_gate)
        {
            return _tasks.Values.FirstOrDefault(t => t.Hostname == hostname) is { } task ? task with { } : null;
        }
    }

    public string Describe()
    {
        var text = new StringBuilder();
        lock (_gate)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"--- task timeline of {_service} ({_polls} polls every {s_interval.TotalMilliseconds:F0} ms, {_failedPolls} failed)");
            foreach (var line in _timeline)
            {
                text.AppendLine("  " + line);
            }
        }

        return text.ToString();
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        var clock = Stopwatch.StartNew();
        while (!_stop.IsCancellationRequested && clock.Elapsed < s_maxDuration)
        {
            await PollAsync();
            await Task.Delay(s_interval, _stop.Token);
        }
    }

    private async Task PollAsync()
    {
        var start = DateTimeOffset.UtcNow;
        var ids = await Cli.TryDockerAsync("service", "ps", "-q", "--no-trunc", _service);
        var lines = string.IsNullOrWhiteSpace(ids)
            ? null
            : await Cli.TryDockerAsync(["inspect", "--type", "task", "--format", Format, .. ids.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]);
        var end = DateTimeOffset.UtcNow;
        lock (_gate)
        {
            _polls++;
            if (lines is null)
            {
                _failedPolls++;
                return;
            }

            foreach (var line in lines.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                Record(line.Split('|'), start, end);
            }
        }

        _firstPoll.TrySetResult();
    }

    // A replacement is created wanted "ready" (stop-first) and then "running"; the orchestrator retires a task by
    // wanting it "shutdown" (or "remove" when the service goes).
    private static bool IsRetired(string desired) => desired is "shutdown" or "remove";

    private void Record(string[] parts, DateTimeOffset start, DateTimeOffset end)
    {
        if (parts.Length < 7)
        {
            return;
        }

        var (id, slot, desired, state, container, image) = (parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
        container = container == "<no value>" ? string.Empty : container;
        // Docker omits a zero exit code from the container status, which the template then renders "<no value>".
        int? exitCode = state is not ("complete" or "shutdown" or "failed") ? null
            : parts[6] == "<no value>" ? 0
            : int.TryParse(parts[6], CultureInfo.InvariantCulture, out var code) ? code : null;
        if (!_tasks.TryGetValue(id, out var task))
        {
            task = new RollingUpdateTaskRecord(id, slot == "<no value>" ? string.Empty : slot, image) { FirstSeen = end };
        }

        var changed = task.DesiredState != desired || task.State != state || (task.ContainerId.Length == 0 && container.Length > 0) || (exitCode is not null && task.ExitCode != exitCode);
        task = task with
        {
            DesiredState = desired,
            State = state,
            ContainerId = container.Length > 0 ? container : task.ContainerId,
            ExitCode = exitCode ?? task.ExitCode,
            LastSeenWantedRunning = desired == "running" ? start : task.LastSeenWantedRunning,
            RetiredSeen = IsRetired(desired) && task.RetiredSeen is null ? end : task.RetiredSeen,
            LastSeenRunning = state == "running" ? start : task.LastSeenRunning,
        };
        _tasks[id] = task;
        if (changed)
        {
            _timeline.Add($"{end:HH:mm:ss.fff} {task}");
        }
    }
}

/// <summary>One task as <see cref="RollingUpdateTaskWatch"/> saw it.</summary>
/// <param name="Id">The task ID.</param>
/// <param name="Slot">The replica slot.</param>
/// <param name="Image">The image its spec names (an image ID here).</param>
internal sealed record RollingUpdateTaskRecord(string Id, string Slot, string Image)
{
    public string DesiredState { get; init; } = string.Empty;

    public string State { get; init; } = string.Empty;

    public string ContainerId { get; init; } = string.Empty;

    /// <summary>The container's exit code once the task has ended, else null.</summary>
    public int? ExitCode { get; init; }

    public DateTimeOffset FirstSeen { get; init; }

    /// <summary>The start of the last poll that saw it wanted running: it was not retired before this.</summary>
    public DateTimeOffset? LastSeenWantedRunning { get; init; }

    /// <summary>The end of the first poll that saw it retired: it was retired before this.</summary>
    public DateTimeOffset? RetiredSeen { get; init; }

    /// <summary>The start of the last poll that saw its container running.</summary>
    public DateTimeOffset? LastSeenRunning { get; init; }

    /// <summary>A container's hostname is its ID's first 12 characters, which the whoami page names.</summary>
    public string Hostname => ContainerId.Length >= 12 ? ContainerId[..12] : ContainerId;

    public override string ToString() =>
        $"task {Id[..Math.Min(12, Id.Length)]} slot {Slot} image {ShortImage} host {(Hostname.Length == 0 ? "-" : Hostname)}: desired {DesiredState}, state {State}"
        + (ExitCode is { } code ? $", exit {code}" : string.Empty);

    private string ShortImage => Image.StartsWith("sha256:", StringComparison.Ordinal) ? Image[7..Math.Min(Image.Length, 19)] : Image;
}
