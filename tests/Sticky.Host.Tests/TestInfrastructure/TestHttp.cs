// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;

namespace Sticky.Host.TestInfrastructure.Tests;

/// <summary>HTTP clients for loopback test traffic.</summary>
public static class TestHttp
{
    /// <summary>
    /// A client that sends exactly what the test asks: no proxy (environment proxies must never see loopback
    /// traffic), no cookie container, no redirects, no decompression, and a bounded timeout.
    /// </summary>
    public static HttpClient CreateClient(Uri? baseAddress = null)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };

        var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(15) };
        if (baseAddress is not null)
        {
            client.BaseAddress = baseAddress;
        }

        return client;
    }

    /// <summary>Sends a GET, optionally with a <c>Cookie</c> header, and reads status, body and Set-Cookie.</summary>
    public static async Task<TestResponse> GetAsync(HttpClient client, Uri url, string? cookie = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var setCookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToArray() : [];
        return new TestResponse(response.StatusCode, body, setCookies);
    }
}

/// <summary>What a test request got back.</summary>
/// <param name="Status">The status code.</param>
/// <param name="Body">The body as text.</param>
/// <param name="SetCookies">Every Set-Cookie header value.</param>
public sealed record TestResponse(HttpStatusCode Status, string Body, IReadOnlyList<string> SetCookies)
{
    /// <summary>The <c>name=value</c> pair of the first Set-Cookie header, ready for a Cookie header; null if none.</summary>
    public string? CookiePair => SetCookies.Count == 0 ? null : SetCookies[0].Split(';', 2)[0].Trim();
}
