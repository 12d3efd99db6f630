// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Forwarding;

/// <summary>The result of <see cref="HttpForwarder.SendAsync(Microsoft.AspNetCore.Http.HttpContext, Uri, HttpMessageInvoker, string?)"/>.</summary>
internal readonly struct ForwardResult
{
    public ForwardResult(ForwardOutcome outcome, int statusCode, bool requestBodyStarted, Exception? error = null)
    {
        Outcome = outcome;
        StatusCode = statusCode;
        RequestBodyStarted = requestBodyStarted;
        Error = error;
    }

    public ForwardOutcome Outcome { get; }

    /// <summary>The status code sent (or meant) for the client: the backend's, or 502/504 when the forwarder produced the response.</summary>
    public int StatusCode { get; }

    /// <summary>
    /// Whether any of the client's request body may have been consumed. Such a request must never be retried,
    /// because its body cannot be replayed.
    /// </summary>
    public bool RequestBodyStarted { get; }

    /// <summary>The exception behind a failed outcome, if any.</summary>
    public Exception? Error { get; }

    public override string ToString() => $"{Outcome} ({StatusCode}){(RequestBodyStarted ? ", body started" : string.Empty)}";
}
