// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Sticky.Forwarding;

internal sealed partial class HttpForwarder
{
    private async Task<ForwardResult> ForwardUpgradeAsync(
        HttpContext context,
        TunnelKind tunnel,
        IHttpUpgradeFeature? upgradeFeature,
        IHttpExtendedConnectFeature? connectFeature,
        HttpResponseMessage response,
        Uri destinationBase,
        string? setCookieHeader,
        ForwardingCancellation cancellation)
    {
        var isExtendedConnect = tunnel == TunnelKind.ExtendedConnect;
        var clientStatus = isExtendedConnect ? StatusCodes.Status200OK : StatusCodes.Status101SwitchingProtocols;

        // Kestrel's UpgradeAsync/AcceptAsync writes the 101/200 with whatever headers are set by then. An h2
        // client gets no Upgrade header (connection-specific) and no Sec-WebSocket-Accept (it sent no key).
        ResponseHeaderCopier.Copy(response, context.Response.Headers, isUpgrade: !isExtendedConnect);
        if (isExtendedConnect)
        {
            context.Response.Headers.Remove(HeaderNames.SecWebSocketAccept);
        }

        if (setCookieHeader is not null)
        {
            context.Response.Headers.Append(HeaderNames.SetCookie, setCookieHeader);
        }

        Stream upstream;
        Stream downstream;
        try
        {
            // After a 101 the handler hands over the raw connection as a read/write stream.
            upstream = await response.Content.ReadAsStreamAsync(cancellation.Token);
            downstream = isExtendedConnect ? await connectFeature!.AcceptAsync() : await upgradeFeature!.UpgradeAsync();
        }
        catch (Exception ex) when (!cancellation.ClientAborted)
        {
            Log.UpgradeFailed(_logger, destinationBase.Authority, ex.Message);
            context.Abort();
            return new ForwardResult(ForwardOutcome.UpgradeFailed, clientStatus, requestBodyStarted: false, ex);
        }
        catch (Exception ex)
        {
            return new ForwardResult(ForwardOutcome.ClientAborted, clientStatus, requestBodyStarted: false, ex);
        }

        await using (upstream)
        {
            return await PumpTunnelAsync(downstream, upstream, cancellation, clientStatus, destinationBase.Authority);
        }
    }

    /// <summary>Pumps bytes both ways between the upgraded client and the backend until one side closes.</summary>
    private async Task<ForwardResult> PumpTunnelAsync(Stream downstream, Stream upstream, ForwardingCancellation cancellation, int clientStatus, string backend)
    {
        var toBackend = StreamCopier.CopyAsync(downstream, upstream, flushFirst: false, activity: null, cancellation.Token).AsTask();
        var toClient = StreamCopier.CopyAsync(upstream, downstream, flushFirst: false, activity: null, cancellation.Token).AsTask();
        var first = await Task.WhenAny(toBackend, toClient);

        // Once one side has closed the tunnel is over; waiting for the other could hang on a peer that
        // never closes its half.
        cancellation.Cancel();
        var firstResult = await first;
        await (first == toBackend ? toClient : toBackend);

        var backendSideFailed = first == toBackend
            ? firstResult.Status == StreamCopyStatus.OutputError
            : firstResult.Status == StreamCopyStatus.InputError;
        return ClassifyTunnelEnd(firstResult, backendSideFailed, clientStatus, cancellation, backend);
    }

    private ForwardResult ClassifyTunnelEnd(StreamCopyResult first, bool backendSideFailed, int clientStatus, ForwardingCancellation cancellation, string backend)
    {
        if (first.Status == StreamCopyStatus.Success)
        {
            return new ForwardResult(ForwardOutcome.Success, clientStatus, requestBodyStarted: false);
        }

        if (backendSideFailed && !cancellation.ClientAborted)
        {
            Log.UpgradeFailed(_logger, backend, first.Error?.Message ?? string.Empty);
            return new ForwardResult(ForwardOutcome.UpgradeFailed, clientStatus, requestBodyStarted: false, first.Error);
        }

        return new ForwardResult(ForwardOutcome.ClientAborted, clientStatus, requestBodyStarted: false, first.Error);
    }
}
