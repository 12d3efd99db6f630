// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Sticky.Forwarding.Tests;

[TestFixture(ForwarderTransport.Http11)]
[TestFixture(ForwarderTransport.HttpClient)]
public sealed class HttpForwarderTrailerTests : ForwarderTransportFixture
{
    public HttpForwarderTrailerTests(ForwarderTransport transport)
        : base(transport)
    {
    }

    [Test]
    public async Task SendAsync_BackendSendsChunkedTrailers_Http2ClientReceivesThem()
    {
        // Kestrel sends no HTTP/1.1 response trailers, so this backend is a raw socket speaking chunked HTTP/1.1.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var backendTask = ServeOneChunkedResponseWithTrailerAsync(listener);
        var backendBase = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        await using var proxy = await StartProxyAsync(backendBase, protocols: HttpProtocols.Http2);
        using var client = proxy.CreateClient(HttpVersion.Version20);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.TE.ParseAdd("trailers");
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        await backendTask.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(body, Is.EqualTo("body"));
            Assert.That(response.TrailingHeaders.NonValidated["grpc-status"], Is.EqualTo(new[] { "0" }));
            Assert.That(response.Headers.NonValidated.Contains("Trailer"), Is.False, "Trailer is hop-by-hop");
        });
    }

    private static async Task ServeOneChunkedResponseWithTrailerAsync(TcpListener listener)
    {
        using var connection = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var stream = connection.GetStream();
        var buffer = new byte[8192];
        var received = new StringBuilder();
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                return;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nTrailer: grpc-status\r\n\r\n"
            + "4\r\nbody\r\n0\r\ngrpc-status: 0\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
        await stream.FlushAsync();
    }
}
