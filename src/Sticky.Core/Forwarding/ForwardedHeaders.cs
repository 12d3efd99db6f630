// Licensed under the MIT License. See LICENSE in the repository root.

using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Sticky.Forwarding;

/// <summary>Writes <c>X-Forwarded-For/Proto/Host/Port</c> and <c>X-Real-Ip</c> on the upstream request.</summary>
internal static class ForwardedHeaders
{
    public const string For = "X-Forwarded-For";
    public const string Proto = "X-Forwarded-Proto";
    public const string Host = "X-Forwarded-Host";
    public const string Port = "X-Forwarded-Port";
    public const string RealIp = "X-Real-Ip";

    /// <summary>
    /// From a trusted proxy the incoming values are kept (the connection's address is appended to the
    /// <c>X-Forwarded-For</c> chain) and only missing ones are filled in; from anyone else the incoming values
    /// are ignored, because a client could otherwise claim any address or scheme.
    /// </summary>
    public static void Apply(HttpContext context, HttpRequestMessage destination, bool trusted)
    {
        var request = context.Request;
        var incoming = request.Headers;
        var headers = destination.Headers;
        var remote = FormatAddress(context.Connection.RemoteIpAddress);

        var forwardedFor = remote;
        if (trusted)
        {
            var chain = incoming[For];
            if (!StringValues.IsNullOrEmpty(chain))
            {
                // Several X-Forwarded-For lines form one list; ToString joins them with commas.
                forwardedFor = remote is null ? chain.ToString() : string.Concat(chain.ToString(), ", ", remote);
            }
        }

        Set(headers, For, forwardedFor);
        Set(headers, Proto, Pick(trusted, incoming[Proto], request.Scheme));
        Set(headers, Host, Pick(trusted, incoming[Host], request.Host.HasValue ? request.Host.Value : null));
        Set(headers, Port, Pick(trusted, incoming[Port], context.Connection.LocalPort.ToString(CultureInfo.InvariantCulture)));
        Set(headers, RealIp, Pick(trusted, incoming[RealIp], remote));
    }

    private static string? Pick(bool trusted, StringValues incoming, string? own)
        => trusted && !StringValues.IsNullOrEmpty(incoming) ? incoming.ToString() : own;

    private static void Set(System.Net.Http.Headers.HttpRequestHeaders headers, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            headers.TryAddWithoutValidation(name, value);
        }
    }

    private static string? FormatAddress(IPAddress? address)
    {
        if (address is null)
        {
            return null;
        }

        // Dual-stack sockets report IPv4 clients as ::ffff:a.b.c.d; backends expect the plain IPv4 form.
        return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }
}
