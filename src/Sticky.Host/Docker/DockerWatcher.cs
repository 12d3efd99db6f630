// Licensed under the MIT License. See LICENSE in the repository root.

using System.Threading.Channels;
using Sticky.Host.Docker.Client;
using Sticky.Host.Docker.Client.Models;
using Sticky.Host.Docker.Discovery;

namespace Sticky.Host.Docker;

/// <summary>
/// Drives <see cref="DockerProvider"/>: reads the daemon at start, then (when watching) re-reads shortly
/// after each relevant event, periodically as a safety net, and soon again while tasks are starting.
/// The event stream reconnects with exponential backoff; meanwhile the last good listing keeps serving.
/// </summary>
internal sealed partial class DockerWatcher : BackgroundService
{
    /// <summary>
    /// How soon to look again while a task is starting: the manager learns a task runs a moment after its
    /// container's start event (and never sees events of other nodes), so that event alone can come too early.
    /// </summary>
    internal static readonly TimeSpan PendingRecheck = TimeSpan.FromMilliseconds(500);

    private static readonly string[] s_eventTypes = ["service", "container", "network"];

    private static readonly HashSet<string> s_relevantActions = new(StringComparer.Ordinal)
    {
        // service
        "create", "update", "remove",

        // container
        "start", "die", "destroy", "pause", "unpause", "rename",

        // network
        "connect", "disconnect", "destroy",
    };

    private readonly IDockerApi _api;
    private readonly DockerDiscovery _discovery;
    private readonly DockerProvider _provider;
    private readonly DockerProviderOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    // Capacity 1 with DropWrite: any number of events before the next refresh collapse into one request.
    private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public DockerWatcher(
        IDockerApi api,
        DockerDiscovery discovery,
        DockerProvider provider,
        DockerProviderOptions options,
        TimeProvider time,
        ILogger<DockerWatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(discovery);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _api = api;
        _discovery = discovery;
        _provider = provider;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// How long start-up waits for the first listing, so the proxy does not open with an empty table and
    /// answer 404 for services that exist. An absent daemon only delays start-up by this much.
    /// </summary>
    internal static readonly TimeSpan InitialReadTimeout = TimeSpan.FromSeconds(5);

    private readonly TaskCompletionSource _firstRead = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken);
        try
        {
            await _firstRead.Task.WaitAsync(InitialReadTimeout, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            Log.FirstReadSlow(_logger, InitialReadTimeout.TotalSeconds);
        }
    }

    /// <summary>Asks for a re-read after the debounce delay; requests made before it starts collapse.</summary>
    public void RequestRefresh() => _requests.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting; the first read may wait for an absent daemon.
        await Task.Yield();
        Log.Starting(_logger, _api.Endpoint, _options.SwarmMode, _options.Watch);
        try
        {
            if (_options.Watch)
            {
                await Task.WhenAll(RefreshLoopAsync(stoppingToken), EventLoopAsync(stoppingToken));
            }
            else
            {
                await RefreshUntilSuccessAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal static bool IsRelevant(DockerEvent dockerEvent) =>
        dockerEvent.Action is { } action && s_relevantActions.Contains(action);

    private async Task RefreshUntilSuccessAsync(CancellationToken cancellationToken)
    {
        for (var failures = 0; ; failures++)
        {
            if (await TryRefreshAsync(cancellationToken) is not null)
            {
                return;
            }

            await Task.Delay(Backoff.Delay(failures), _time, cancellationToken);
        }
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        var debounce = false;
        while (true)
        {
            if (debounce)
            {
                await Task.Delay(_options.EventDebounce, _time, cancellationToken);
            }

            // This read covers every request made so far; requests arriving during it cause another.
            _requests.Reader.TryRead(out _);
            TimeSpan next;
            if (await TryRefreshAsync(cancellationToken) is { } listing)
            {
                failures = 0;
                next = listing.HasPendingTasks ? Min(PendingRecheck, _options.RefreshInterval) : _options.RefreshInterval;
            }
            else
            {
                next = Min(Backoff.Delay(failures++), _options.RefreshInterval);
            }

            debounce = await WaitForRequestAsync(next, cancellationToken);
        }
    }

    private async Task<DockerListing?> TryRefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            var listing = await _discovery.ListAsync(cancellationToken);
            _provider.Apply(listing);
            _firstRead.TrySetResult();
            return listing;
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            _provider.ReportFailure(Describe(ex));
            _firstRead.TrySetResult();
            return null;
        }
    }

    /// <summary>Waits until a refresh is requested (returns true) or <paramref name="timeout"/> passes (false).</summary>
    private async Task<bool> WaitForRequestAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var waitSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var request = _requests.Reader.WaitToReadAsync(waitSource.Token).AsTask();
        var timer = Task.Delay(timeout, _time, waitSource.Token);
        var first = await Task.WhenAny(request, timer);
        await waitSource.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        return first == request && request.IsCompletedSuccessfully;
    }

    private async Task EventLoopAsync(CancellationToken cancellationToken)
    {
        var attempt = 0;
        for (var connection = 0; ; connection++)
        {
            if (connection > 0)
            {
                // Events may have been missed while disconnected.
                RequestRefresh();
            }

            var started = _time.GetTimestamp();
            var received = false;
            string reason;
            try
            {
                await foreach (var dockerEvent in _api.MonitorEventsAsync(s_eventTypes, cancellationToken))
                {
                    received = true;
                    if (IsRelevant(dockerEvent))
                    {
                        Log.EventReceived(_logger, dockerEvent.Type ?? "?", dockerEvent.Action ?? "?", ActorName(dockerEvent));
                        RequestRefresh();
                    }
                }

                reason = "the daemon closed the event stream";
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                reason = Describe(ex);
            }

            // The daemon's view may have changed with the connection; find out now rather than at the next tick.
            RequestRefresh();
            if (received || _time.GetElapsedTime(started) >= Backoff.Max)
            {
                attempt = 0;
            }

            var delay = Backoff.Delay(attempt);
            if (attempt == 0)
            {
                Log.EventStreamLost(_logger, reason, delay);
            }
            else
            {
                Log.EventStreamStillLost(_logger, reason, delay);
            }

            attempt++;
            await Task.Delay(delay, _time, cancellationToken);
        }
    }

    private static string ActorName(DockerEvent dockerEvent) =>
        dockerEvent.Actor?.Attributes?.GetValueOrDefault("name") ?? dockerEvent.Actor?.ID ?? "?";

    private static string Describe(Exception exception) => exception switch
    {
        DockerApiException => exception.Message,
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
