// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Sticky.Forwarding.Http1;

namespace Sticky.Forwarding;

internal sealed partial class HttpForwarder
{
    /// <summary>
    /// The backend switched protocols: upgrade the client too, hand it whatever the backend sent after its 101,
    /// then pump bytes both ways until one side closes. The connection never returns to the pool.
    /// </summary>
    private async Task<ForwardResult> TunnelHttp1Async(
        HttpContext context,
        Http1Target target,
        Http1Connection connection,
        TunnelKind tunnel,
        int start,
        int end,
        string? setCookieHeader)
    {
        var isExtendedConnect = tunnel == TunnelKind.ExtendedConnect;
        var clientStatus = isExtendedConnect ? StatusCodes.Status200OK : StatusCodes.Status101SwitchingProtocols;
        if (setCookieHeader is not null)
        {
            context.Response.Headers.Append(Microsoft.Net.Http.Headers.HeaderNames.SetCookie, setCookieHeader);
        }

        Stream downstream;
        try
        {
            // Kestrel's UpgradeAsync/AcceptAsync writes the 101/200 with the headers set by now.
            downstream = isExtendedConnect
                ? await context.Features.GetRequiredFeature<IHttpExtendedConnectFeature>().AcceptAsync()
                : await context.Features.GetRequiredFeature<IHttpUpgradeFeature>().UpgradeAsync();
            if (end > start)
            {
                await downstream.WriteAsync(connection.Buffer.AsMemory(start, end - start), context.RequestAborted);
                await downstream.FlushAsync(context.RequestAborted);
            }
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            Log.UpgradeFailed(_logger, target.Authority, ex.Message);
            context.Abort();
            return new ForwardResult(ForwardOutcome.UpgradeFailed, clientStatus, requestBodyStarted: false, ex);
        }
        catch (Exception ex)
        {
            return new ForwardResult(ForwardOutcome.ClientAborted, clientStatus, requestBodyStarted: false, ex);
        }

        connection.ReturnBuffer();
        using var cancellation = new ForwardingCancellation(Timeout.InfiniteTimeSpan, _timeProvider, context.RequestAborted);

        // Ending the tunnel (either side closed, or the client aborted) also closes the backend connection.
        using var closeOnEnd = cancellation.Token.UnsafeRegister(static state => ((Http1Connection)state!).Abort(Http1AbortReason.Forwarder), connection);
        await using var upstream = new NetworkStream(connection.Socket, ownsSocket: false);
        return await PumpTunnelAsync(downstream, upstream, cancellation, clientStatus, target.Authority);
    }
}
