// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Sticky.Forwarding;

internal sealed partial class HttpForwarder
{
    private async Task<ForwardResult> CopyResponseAsync(
        HttpContext context,
        HttpResponseMessage response,
        Uri destinationBase,
        string? setCookieHeader,
        StreamCopyHttpContent? content,
        ForwardingCancellation cancellation)
    {
        var statusCode = (int)response.StatusCode;
        var clientResponse = context.Response;
        clientResponse.StatusCode = statusCode;
        if (response.ReasonPhrase is { } reason
            && (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol))
            && !string.Equals(reason, ReasonPhrases.GetReasonPhrase(statusCode), StringComparison.Ordinal))
        {
            context.Features.GetRequiredFeature<IHttpResponseFeature>().ReasonPhrase = reason;
        }

        ResponseHeaderCopier.Copy(response, clientResponse.Headers, isUpgrade: false);
        if (setCookieHeader is not null)
        {
            // Appended: the backend's own cookies stay.
            clientResponse.Headers.Append(HeaderNames.SetCookie, setCookieHeader);
        }

        StreamCopyResult copy;
        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellation.Token);
            copy = await StreamCopier.CopyAsync(body, clientResponse.Body, flushFirst: true, activity: null, cancellation.Token);
        }
        catch (Exception ex)
        {
            copy = new StreamCopyResult(StreamCopyStatus.InputError, 0, ex);
        }

        var bodyStarted = content?.Started ?? false;
        if (copy.Status == StreamCopyStatus.Success)
        {
            var trailers = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
            if (trailers is { IsReadOnly: false })
            {
                ResponseHeaderCopier.CopyTrailers(response, trailers);
            }

            return new ForwardResult(ForwardOutcome.Success, statusCode, bodyStarted);
        }

        if (copy.Status == StreamCopyStatus.InputError && !cancellation.ClientAborted)
        {
            Log.ResponseBodyFailed(_logger, destinationBase.Authority, copy.Error?.Message ?? string.Empty);

            // Headers (and maybe a Content-Length) are out; ending normally would pass a truncated body off as whole.
            context.Abort();
            return new ForwardResult(ForwardOutcome.ResponseBodyFailed, statusCode, bodyStarted, copy.Error);
        }

        Log.ClientAborted(_logger, destinationBase.Authority);
        return new ForwardResult(ForwardOutcome.ClientAborted, statusCode, bodyStarted, copy.Error);
    }
}
