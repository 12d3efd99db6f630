// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Forwarding;

/// <summary>
/// The cancellation of one forwarded request: the client's abort, and the request timeout, which runs until the
/// response headers arrive and restarts whenever request body data flows.
/// </summary>
internal sealed class ForwardingCancellation : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly CancellationToken _clientAborted;
    private readonly TimeSpan _timeout;
    private readonly CancellationTokenRegistration _registration;
    private volatile bool _timeoutStopped;
    private volatile bool _canceledByForwarder;

    public ForwardingCancellation(TimeSpan timeout, TimeProvider timeProvider, CancellationToken clientAborted)
    {
        _clientAborted = clientAborted;
        _timeout = timeout;
        _cts = new CancellationTokenSource(timeout, timeProvider);

        // UnsafeRegister: the callback only cancels, it needs no ExecutionContext; registered last because it
        // runs inline when the client is already gone.
        _registration = clientAborted.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _cts);
    }

    public CancellationToken Token => _cts.Token;

    public bool ClientAborted => _clientAborted.IsCancellationRequested;

    /// <summary>Whether the request timeout (not the client, not the forwarder) cancelled the request.</summary>
    public bool TimedOut => _cts.IsCancellationRequested && !_clientAborted.IsCancellationRequested && !_canceledByForwarder;

    public TimeSpan Timeout => _timeout;

    /// <summary>Response headers arrived: from now on only the client's abort (or <see cref="Cancel"/>) ends the request.</summary>
    public void StopTimeout()
    {
        _timeoutStopped = true;
        TryCancelAfter(System.Threading.Timeout.InfiniteTimeSpan);
    }

    public void RestartTimeout()
    {
        if (!_timeoutStopped)
        {
            TryCancelAfter(_timeout);
        }
    }

    /// <summary>Cancels the remaining work, for example the other direction of an upgraded connection.</summary>
    public void Cancel()
    {
        _canceledByForwarder = true;
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }
    }

    public void Dispose()
    {
        _registration.Dispose();
        _timeoutStopped = true;

        // Disposing also stops the timer, so a finished request is not kept alive until its timeout.
        _cts.Dispose();
    }

    private void TryCancelAfter(TimeSpan delay)
    {
        try
        {
            _cts.CancelAfter(delay);
        }
        catch (ObjectDisposedException)
        {
            // A request body copy that outlived the request (the handler abandoned it) may still report progress.
        }
    }
}
