// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Primitives;

namespace Sticky.Forwarding;

/// <summary>
/// Where the upstream request's headers go: an <see cref="HttpRequestMessage"/> for the HttpClient transport,
/// or the bytes of the request head for the HTTP/1.1 transport. The filtering rules (hop-by-hop, Host,
/// X-Forwarded-*) are written once, generic over this.
/// </summary>
internal interface IRequestHeaderSink
{
    void Add(string name, string value);

    /// <summary>A header with several values, sent as one comma-separated line.</summary>
    void Add(string name, StringValues values);
}

/// <summary>Adds headers to an <see cref="HttpRequestMessage"/>, Content-* ones to its content.</summary>
internal readonly struct RequestMessageHeaderSink : IRequestHeaderSink
{
    private readonly HttpRequestMessage _message;

    public RequestMessageHeaderSink(HttpRequestMessage message) => _message = message;

    public void Add(string name, string value)
    {
        // Content-* headers are rejected by the request header collection and belong to the content; without
        // content (no body) they are dropped, which is what the backend expects for a bodiless request.
        if (!_message.Headers.TryAddWithoutValidation(name, value))
        {
            _message.Content?.Headers.TryAddWithoutValidation(name, value);
        }
    }

    public void Add(string name, StringValues values)
    {
        var array = values.ToArray();
        if (!_message.Headers.TryAddWithoutValidation(name, array))
        {
            _message.Content?.Headers.TryAddWithoutValidation(name, array);
        }
    }
}
