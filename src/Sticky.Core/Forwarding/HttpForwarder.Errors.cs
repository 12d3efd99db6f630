// Licensed under the MIT License. See LICENSE in the repository root.

using System.Globalization;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace Sticky.Forwarding;

internal sealed partial class HttpForwarder
{
    private async Task<ForwardResult> HandleSendFailureAsync(
        HttpContext context,
        Uri destinationBase,
        StreamCopyHttpContent? content,
        ForwardingCancellation cancellation,
        Exception error,
        bool writeErrorResponse)
    {
        var bodyStarted = content?.Started ?? false;
        var backend = destinationBase.Authority;

        if (cancellation.ClientAborted)
        {
            Log.ClientAborted(_logger, backend);
            return new ForwardResult(ForwardOutcome.ClientAborted, StatusCodes.Status499ClientClosedRequest, bodyStarted, error);
        }

        if (content is { Result.Status: StreamCopyStatus.InputError })
        {
            // The client is still there but its body broke (bad chunking, size limit): its fault, not the backend's.
            var clientError = content.Result.Error ?? error;
            Log.ClientAborted(_logger, backend);
            if (writeErrorResponse && !context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
            }

            return new ForwardResult(ForwardOutcome.ClientAborted, StatusCodes.Status400BadRequest, bodyStarted, clientError);
        }

        ForwardOutcome outcome;
        int status;
        string text;
        if (cancellation.TimedOut)
        {
            Log.RequestTimedOut(_logger, backend, cancellation.Timeout);
            outcome = ForwardOutcome.Timeout;
            status = StatusCodes.Status504GatewayTimeout;
            text = $"504 Gateway Timeout: backend {backend} did not respond within {FormatSeconds(cancellation.Timeout)}";
        }
        else if (DescribeConnectFailure(error) is { } reason)
        {
            Log.ConnectFailed(_logger, backend, error.Message);
            outcome = ForwardOutcome.ConnectFailed;
            status = StatusCodes.Status502BadGateway;
            text = $"502 Bad Gateway: backend {backend} {reason}";
        }
        else
        {
            Log.RequestFailed(_logger, backend, error.Message);
            outcome = ForwardOutcome.RequestFailed;
            status = StatusCodes.Status502BadGateway;
            text = $"502 Bad Gateway: backend {backend} failed before sending a response";
        }

        if (writeErrorResponse)
        {
            await WriteErrorResponseAsync(context, status, text);
        }

        return new ForwardResult(outcome, status, bodyStarted, error);
    }

    /// <summary>A short reason when <paramref name="error"/> means no connection was made, otherwise null.</summary>
    private string? DescribeConnectFailure(Exception error)
    {
        if (error is OperationCanceledException)
        {
            // The caller has ruled out the client's abort and the request timeout, which leaves the handler's
            // ConnectTimeout as the only canceller.
            return ConnectFailureReasons.TimedOut(_options.ConnectTimeout);
        }

        if (error is not HttpRequestException { HttpRequestError: var kind }
            || kind is not (HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError))
        {
            return null;
        }

        if (kind == HttpRequestError.NameResolutionError)
        {
            return ConnectFailureReasons.Unresolved;
        }

        if (kind == HttpRequestError.SecureConnectionError)
        {
            return ConnectFailureReasons.TlsHandshake;
        }

        for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                return ConnectFailureReasons.Refused;
            }

            if (inner is TimeoutException or OperationCanceledException)
            {
                return ConnectFailureReasons.TimedOut(_options.ConnectTimeout);
            }
        }

        return ConnectFailureReasons.Unreachable;
    }

    internal static async Task WriteErrorResponseAsync(HttpContext context, int status, string text)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return;
        }

        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            // Not the request's token: the client is known to be there, and a cancelled write would throw out of
            // SendAsync instead of returning the result.
            await response.WriteAsync(text, CancellationToken.None);
        }
    }

    internal static string FormatSeconds(TimeSpan value)
        => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
