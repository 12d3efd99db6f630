// Licensed under the MIT License. See LICENSE in the repository root.

using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Sticky.Forwarding.Tests;

/// <summary>What a backend received, as the echo backend reports it in its response body.</summary>
public sealed record EchoedRequest(
    string Method,
    string Target,
    string Protocol,
    string Host,
    Dictionary<string, string> Headers,
    string Body)
{
    /// <summary>Terminal middleware that answers every request with its <see cref="EchoedRequest"/> as JSON.</summary>
    public static async Task EchoAsync(HttpContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            headers[header.Key] = header.Value.ToString();
        }

        var echoed = new EchoedRequest(
            request.Method,
            context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
            request.Protocol,
            request.Host.Value ?? string.Empty,
            headers,
            body);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(echoed), context.RequestAborted);
    }

    public static async Task<EchoedRequest> ReadAsync(HttpResponseMessage response)
    {
        var json = await response.Content.ReadAsStringAsync();
        var echoed = JsonSerializer.Deserialize<EchoedRequest>(json) ?? throw new InvalidOperationException("Empty echo.");

        // JSON drops the dictionary's comparer.
        return echoed with { Headers = new Dictionary<string, string>(echoed.Headers, StringComparer.OrdinalIgnoreCase) };
    }
}
