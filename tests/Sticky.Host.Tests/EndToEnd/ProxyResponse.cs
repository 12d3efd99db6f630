// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;

namespace Sticky.Host.EndToEnd.Tests;

/// <summary>What one request through Sticky got back; <see cref="Status"/> 0 when no response arrived.</summary>
/// <param name="At">When the response (or the failure) arrived.</param>
/// <param name="Status">The status code, or 0.</param>
/// <param name="Body">The body, or the error.</param>
/// <param name="SetCookie">The first Set-Cookie header, or null.</param>
/// <param name="SentCookie">The Cookie header sent, or null.</param>
internal sealed record ProxyResponse(DateTimeOffset At, int Status, string Body, string? SetCookie, string? SentCookie)
{
    public bool Ok => Status == (int)HttpStatusCode.OK;

    /// <summary>The whoami page says <c>I'm &lt;hostname&gt;</c>; null for any other body.</summary>
    public string? Hostname => Ok && Body.StartsWith("I'm ", StringComparison.Ordinal) ? Body[4..].Trim() : null;

    /// <summary>The <c>name=value</c> part of Set-Cookie, ready to send back.</summary>
    public string? CookiePair => SetCookie?.Split(';', 2)[0].Trim();

    public string? CookieName => CookiePair?.Split('=', 2)[0];

    public override string ToString() =>
        $"{At:HH:mm:ss.fff} {(Status == 0 ? "no response" : Status.ToString(System.Globalization.CultureInfo.InvariantCulture))} '{Body.Trim()}'"
        + (SentCookie is null ? string.Empty : $" sent [{SentCookie}]")
        + (SetCookie is null ? string.Empty : $" set [{SetCookie}]");
}
