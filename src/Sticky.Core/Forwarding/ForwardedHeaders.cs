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
    public static void Apply<TSink>(HttpContext context, ref TSink headers, bool trusted)
        where TSink : IRequestHeaderSink
    {
        var request = context.Request;
        var incoming = request.Headers;
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

        Set(ref headers, For, forwardedFor);
        Set(ref headers, Proto, Pick(trusted, incoming[Proto], request.Scheme));
        Set(ref headers, Host, Pick(trusted, incoming[Host], request.Host.HasValue ? request.Host.Value : null));
        Set(ref headers, Port, Pick(trusted, incoming[Port], FormatPort(context.Connection.LocalPort)));
        Set(ref headers, RealIp, Pick(trusted, incoming[RealIp], remote));
    }

    private static string? Pick(bool trusted, StringValues incoming, string? own)
        => trusted && !StringValues.IsNullOrEmpty(incoming) ? incoming.ToString() : own;

    private static void Set<TSink>(ref TSink headers, string name, string? value)
        where TSink : IRequestHeaderSink
    {
        if (!string.IsNullOrEmpty(value))
        {
            headers.Add(name, value);
        }
    }

    // A proxy listens on one or two ports: keep the last one's text rather than format it per request.
    private static PortText? s_lastPort;

    private static string FormatPort(int port)
    {
        var last = Volatile.Read(ref s_lastPort);
        if (last is null || last.Port != port)
        {
            last = new PortText(port, port.ToString(CultureInfo.InvariantCulture));
            Volatile.Write(ref s_lastPort, last);
        }

        return last.Text;
    }

    private sealed record PortText(int Port, string Text);

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
