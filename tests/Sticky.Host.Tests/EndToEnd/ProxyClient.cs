// Licensed under the MIT License. See LICENSE in the repository root.

using System.Collections.Concurrent;
using System.Net;

namespace Sticky.Host.EndToEnd.Tests;

/// <summary>
/// Sends requests to Sticky on 127.0.0.1 as curl does in the tutorial: no proxy, no cookie jar (the test
/// decides which cookie to send), bounded timeouts. Keeps the last responses for failure messages.
/// </summary>
internal sealed class ProxyClient : IDisposable
{
    private const int Kept = 25;

    private readonly HttpClient _client;
    private readonly ConcurrentQueue<ProxyResponse> _last = new();

    public ProxyClient(Uri baseAddress)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(3),
        };
        _client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri BaseAddress => _client.BaseAddress!;

    /// <summary>GET /; a failure to get any response is a response with status 0, never an exception.</summary>
    public async Task<ProxyResponse> GetAsync(string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        ProxyResponse result;
        try
        {
            using var response = await _client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var setCookie = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.FirstOrDefault() : null;
            result = new ProxyResponse(DateTimeOffset.UtcNow, (int)response.StatusCode, body, setCookie, cookie);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            result = new ProxyResponse(DateTimeOffset.UtcNow, 0, $"{ex.GetType().Name}: {ex.Message}", null, cookie);
        }

        _last.Enqueue(result);
        while (_last.Count > Kept && _last.TryDequeue(out _))
        {
        }

        return result;
    }

    /// <summary>GET on another port of 127.0.0.1 (the admin port's /ping); null when nothing answers.</summary>
    public async Task<string?> GetTextAsync(Uri url)
    {
        try
        {
            using var response = await _client.GetAsync(url);
            return response.IsSuccessStatusCode ? (await response.Content.ReadAsStringAsync()).Trim() : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return null;
        }
    }

    public string LastResponses() => string.Join(Environment.NewLine, _last.Select(static r => "  " + r));

    public void Dispose() => _client.Dispose();
}
