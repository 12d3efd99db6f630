// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Sticky.Forwarding.Http1;

namespace Sticky.Forwarding;

/// <summary>
/// The HTTP/1.1 transport (<see cref="ForwarderTransport.Http11"/>): the request head is written from the
/// client's strings straight into a pooled buffer, the response head is parsed into the client's response
/// headers, and bodies go from socket to Kestrel's pipe. Per request it allocates nothing of its own once the
/// connection is warm; what it must keep (timer, abort callback state, header strings) lives on the pooled
/// connection. Its behaviour is the HttpClient transport's, and the forwarder tests run against both.
/// </summary>
internal sealed partial class HttpForwarder
{
    private static readonly Action<object?> s_abortOnClientAbort = static state => ((Http1Connection)state!).Abort(Http1AbortReason.ClientAborted);

    /// <summary>
    /// One request over a pooled connection. Deliberately one async method: each async frame that waits for the
    /// backend costs a state-machine box per request, and the pools of the pooling builder are too small to
    /// recycle them under bursts of concurrent requests.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ForwardResult> SendHttp1Async(
        HttpContext context,
        Uri destinationBase,
        TunnelKind tunnel,
        string? setCookieHeader,
        bool writeErrorResponse)
    {
        var target = _http1!.GetTarget(destinationBase);
        var pool = target.Pool;
        var aborted = context.RequestAborted;
        try
        {
            await pool.EnterAsync(aborted);
        }
        catch (OperationCanceledException ex)
        {
            Log.ClientAborted(_logger, target.Authority);
            return new ForwardResult(ForwardOutcome.ClientAborted, StatusCodes.Status499ClientClosedRequest, requestBodyStarted: false, ex);
        }

        var request = context.Request;
        var hasBody = tunnel == TunnelKind.None && HasBody(request);
        try
        {
            // A pooled connection the backend closed just as it was taken fails before any byte of the response
            // and before the body was touched: that one request goes again on a fresh connection.
            for (var attempt = 0; ; attempt++)
            {
                var connection = pool.TryRent();
                var mayRetryStale = connection is not null && attempt == 0;
                if (connection is null)
                {
                    try
                    {
                        connection = await pool.ConnectAsync(aborted);
                    }
                    catch (Http1ConnectException ex)
                    {
                        Log.ConnectFailed(_logger, target.Authority, ex.InnerException?.Message ?? ex.Message);
                        return await FailHttp1Async(context, ForwardOutcome.ConnectFailed, $"502 Bad Gateway: backend {target.Authority} {ex.Message}", ex, bodyStarted: false, writeErrorResponse);
                    }
                    catch (Exception ex) when (aborted.IsCancellationRequested)
                    {
                        Log.ClientAborted(_logger, target.Authority);
                        return new ForwardResult(ForwardOutcome.ClientAborted, StatusCodes.Status499ClientClosedRequest, requestBodyStarted: false, ex);
                    }
                }

                connection.ResetForRequest();
                connection.RentBuffer();
                var registration = aborted.UnsafeRegister(s_abortOnClientAbort, connection);
                var reusable = false;
                var body = default(ValueTask<Http1BodySendResult>);
                var bodyRunning = false;
                try
                {
                    try
                    {
                        WriteRequestHead(context, target, connection.RequestHead, tunnel, hasBody);
                    }
                    catch (InvalidOperationException ex)
                    {
                        connection.RequestHead.Release();
                        Log.RequestFailed(_logger, target.Authority, ex.Message);
                        return await FailHttp1Async(context, ForwardOutcome.RequestFailed, $"502 Bad Gateway: backend {target.Authority} failed before sending a response", ex, bodyStarted: false, writeErrorResponse);
                    }

                    connection.StartTimeout(_options.RequestTimeout);
                    if (hasBody)
                    {
                        // The body goes up while the response is awaited: a backend may answer (413, 401) before reading it all.
                        body = SendHeadAndBodyAsync(connection, request.BodyReader, chunked: request.ContentLength is null);
                        bodyRunning = true;
                    }
                    else
                    {
                        var sent = await SendHeadAsync(connection);
                        if (sent is not null)
                        {
                            if (mayRetryStale && connection.AbortReason == Http1AbortReason.None)
                            {
                                continue;
                            }

                            return await FailBeforeResponseAsync(context, target, connection, sent, bodyStarted: false, writeErrorResponse);
                        }
                    }

                    // Receive until a complete final head is in the buffer; interim 1xx heads are dropped on the way.
                    var received = 0;
                    Http1HeadRead head;
                    while (true)
                    {
                        head = ParseResponseHead(context, connection, tunnel, ref received);
                        if (head.Error is not null || head.Head.HeadLength != 0)
                        {
                            break;
                        }

                        try
                        {
                            var read = await connection.Socket.ReceiveAsync(connection.Buffer.AsMemory(received), SocketFlags.None);
                            if (read == 0)
                            {
                                head = Http1HeadRead.Failed(new IOException("The backend closed the connection before sending a response."), received);
                                break;
                            }

                            received += read;
                        }
                        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
                        {
                            head = Http1HeadRead.Failed(ex, received);
                            break;
                        }
                    }

                    var bodyStarted = connection.BodyStarted;
                    if (head.Error is not null)
                    {
                        if (head.Received == 0 && mayRetryStale && !bodyStarted && connection.AbortReason == Http1AbortReason.None && head.Error is not Http1InvalidResponseException)
                        {
                            continue;
                        }

                        if (bodyRunning)
                        {
                            bodyRunning = false;
                            connection.Abort(Http1AbortReason.Forwarder);
                            var sendResult = await body;
                            bodyStarted = connection.BodyStarted;
                            if (sendResult.ClientError is { } clientError && !aborted.IsCancellationRequested)
                            {
                                return ClientBodyFailed(context, target, clientError, bodyStarted, writeErrorResponse);
                            }
                        }

                        return await FailBeforeResponseAsync(context, target, connection, head.Error, bodyStarted, writeErrorResponse);
                    }

                    connection.StopTimeout();
                    if (head.Head.StatusCode == StatusCodes.Status101SwitchingProtocols)
                    {
                        return await TunnelHttp1Async(context, target, connection, tunnel, head.Head.HeadLength, head.Received, setCookieHeader);
                    }

                    var clientResponse = context.Response;
                    clientResponse.StatusCode = head.Head.StatusCode;
                    if (head.ReasonPhrase is not null
                        && (HttpProtocol.IsHttp11(request.Protocol) || HttpProtocol.IsHttp10(request.Protocol)))
                    {
                        context.Features.GetRequiredFeature<IHttpResponseFeature>().ReasonPhrase = head.ReasonPhrase;
                    }

                    if (setCookieHeader is not null)
                    {
                        // Appended: the backend's own cookies stay.
                        clientResponse.Headers.Append(HeaderNames.SetCookie, setCookieHeader);
                    }

                    var relay = await RelayResponseBodyAsync(context, connection, head.Head, head.Head.HeadLength, head.Received);
                    if (bodyRunning)
                    {
                        bodyRunning = false;
                        if (!body.IsCompleted)
                        {
                            // The response is complete but the backend never read the whole body: this connection is done.
                            connection.Abort(Http1AbortReason.Forwarder);
                        }

                        var sendResult = await body;
                        relay.Reusable &= sendResult.Completed;
                    }

                    bodyStarted = connection.BodyStarted;
                    switch (relay.Status)
                    {
                        case StreamCopyStatus.Success:
                            reusable = relay.Reusable && !head.Head.ConnectionClose;
                            return new ForwardResult(ForwardOutcome.Success, head.Head.StatusCode, bodyStarted);
                        case StreamCopyStatus.InputError when !aborted.IsCancellationRequested && connection.AbortReason != Http1AbortReason.ClientAborted:
                            Log.ResponseBodyFailed(_logger, target.Authority, relay.Error?.Message ?? string.Empty);

                            // Headers (and maybe a Content-Length) are out; ending normally would pass a truncated body off as whole.
                            context.Abort();
                            return new ForwardResult(ForwardOutcome.ResponseBodyFailed, head.Head.StatusCode, bodyStarted, relay.Error);
                        default:
                            Log.ClientAborted(_logger, target.Authority);
                            return new ForwardResult(ForwardOutcome.ClientAborted, head.Head.StatusCode, bodyStarted, relay.Error);
                    }
                }
                finally
                {
                    if (bodyRunning)
                    {
                        connection.Abort(Http1AbortReason.Forwarder);
                        await body;
                    }

                    // Waits for an abort callback that is running, so the connection is not pooled while it closes it.
                    registration.Dispose();
                    connection.StopTimeout();
                    connection.ReturnBuffer();
                    if (reusable && connection.AbortReason == Http1AbortReason.None && !connection.IsDisposed)
                    {
                        pool.Return(connection);
                    }
                    else
                    {
                        connection.Dispose();
                    }
                }
            }
        }
        finally
        {
            pool.Exit();
        }
    }

    private void WriteRequestHead(HttpContext context, Http1Target target, Http1RequestHead head, TunnelKind tunnel, bool hasBody)
    {
        var request = context.Request;
        var path = request.Path.ToUriComponent();
        head.Begin(
            tunnel == TunnelKind.ExtendedConnect ? HttpMethods.Get : request.Method,
            path.Length == 0 ? target.BasePath : target.PathPrefix,
            path,
            request.QueryString.Value);

        RequestHeaderCopier.Copy(request, ref head, isUpgrade: tunnel == TunnelKind.Upgrade);
        if (tunnel == TunnelKind.ExtendedConnect)
        {
            AddWebSocketUpgradeHeaders(ref head);
        }

        if (_options.PassHostHeader && request.Host.HasValue)
        {
            head.Add(HeaderNames.Host, request.Host.Value);
        }
        else
        {
            head.Add(HeaderNames.Host, target.AuthorityBytes);
        }

        ForwardedHeaders.Apply(context, ref head, _trustedProxies.Contains(context.Connection.RemoteIpAddress));

        // The body as relayed: its declared length, or chunks when the length is not known (an HTTP/2 client).
        if (hasBody)
        {
            if (request.ContentLength is { } length)
            {
                head.Add(HeaderNames.ContentLength, length);
            }
            else
            {
                head.Add(HeaderNames.TransferEncoding, "chunked");
            }
        }
        else if (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method))
        {
            // As HttpClient does: servers may insist on a length for these methods (411 Length Required).
            head.Add(HeaderNames.ContentLength, 0L);
        }

        head.End();
    }

    private async ValueTask<ForwardResult> FailBeforeResponseAsync(
        HttpContext context,
        Http1Target target,
        Http1Connection connection,
        Exception error,
        bool bodyStarted,
        bool writeErrorResponse)
    {
        if (context.RequestAborted.IsCancellationRequested || connection.AbortReason == Http1AbortReason.ClientAborted)
        {
            Log.ClientAborted(_logger, target.Authority);
            return new ForwardResult(ForwardOutcome.ClientAborted, StatusCodes.Status499ClientClosedRequest, bodyStarted, error);
        }

        // Headers parsed from an invalid head may already be on the response; the 502 must not carry them.
        if (!context.Response.HasStarted)
        {
            context.Response.Headers.Clear();
        }

        if (connection.AbortReason == Http1AbortReason.Timeout)
        {
            Log.RequestTimedOut(_logger, target.Authority, _options.RequestTimeout);
            return await FailHttp1Async(
                context,
                ForwardOutcome.Timeout,
                $"504 Gateway Timeout: backend {target.Authority} did not respond within {FormatSeconds(_options.RequestTimeout)}",
                error,
                bodyStarted,
                writeErrorResponse);
        }

        Log.RequestFailed(_logger, target.Authority, error.Message);
        return await FailHttp1Async(context, ForwardOutcome.RequestFailed, $"502 Bad Gateway: backend {target.Authority} failed before sending a response", error, bodyStarted, writeErrorResponse);
    }

    private ForwardResult ClientBodyFailed(HttpContext context, Http1Target target, Exception error, bool bodyStarted, bool writeErrorResponse)
    {
        // The client is still there but its body broke (bad chunking, size limit): its fault, not the backend's.
        Log.ClientAborted(_logger, target.Authority);
        if (writeErrorResponse && !context.Response.HasStarted)
        {
            context.Response.Headers.Clear();
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return new ForwardResult(ForwardOutcome.ClientAborted, StatusCodes.Status400BadRequest, bodyStarted, error);
    }

    private static async ValueTask<ForwardResult> FailHttp1Async(
        HttpContext context,
        ForwardOutcome outcome,
        string text,
        Exception error,
        bool bodyStarted,
        bool writeErrorResponse)
    {
        var status = outcome == ForwardOutcome.Timeout ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway;
        if (writeErrorResponse)
        {
            await WriteErrorResponseAsync(context, status, text);
        }

        return new ForwardResult(outcome, status, bodyStarted, error);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<Exception?> SendHeadAsync(Http1Connection connection)
    {
        try
        {
            await SendAllAsync(connection.Socket, connection.RequestHead.Written);
            return null;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
        {
            return ex;
        }
        finally
        {
            connection.RequestHead.Release();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask SendAllAsync(Socket socket, ReadOnlyMemory<byte> data)
    {
        while (!data.IsEmpty)
        {
            var sent = await socket.SendAsync(data, SocketFlags.None);
            data = data[sent..];
        }
    }
}
