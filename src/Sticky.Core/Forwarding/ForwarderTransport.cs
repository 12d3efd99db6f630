// Licensed under the MIT License. See LICENSE in the repository root.

namespace Sticky.Forwarding;

/// <summary>How the forwarder talks to <c>http://</c> backends; see <see cref="ForwarderOptions.Transport"/>.</summary>
public enum ForwarderTransport
{
    /// <summary>
    /// Sticky's pooled HTTP/1.1 client: request heads written straight from the client's headers, response bodies
    /// relayed from socket to client without intermediate objects. The default.
    /// </summary>
    Http11,

    /// <summary>.NET's <see cref="SocketsHttpHandler"/> through an <see cref="HttpMessageInvoker"/>.</summary>
    HttpClient,
}
