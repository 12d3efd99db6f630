// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Sticky.Host.Docker.Client;

/// <summary>Builds the HTTP handler that carries Engine API calls over a unix socket or TCP (optionally TLS).</summary>
internal static class DockerHandlerFactory
{
    public static SocketsHttpHandler Create(DockerEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            // The event stream holds one connection for as long as the daemon runs.
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };

        if (endpoint.IsUnixSocket)
        {
            var socketEndPoint = new UnixDomainSocketEndPoint(endpoint.SocketPath);
            handler.ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(socketEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        else if (endpoint.UsesTls)
        {
            ConfigureTls(handler, endpoint);
        }

        return handler;
    }

    private static void ConfigureTls(SocketsHttpHandler handler, DockerEndpoint endpoint)
    {
        var certPath = endpoint.TlsCertPath ?? string.Empty;
        var certFile = Path.Combine(certPath, "cert.pem");
        var keyFile = Path.Combine(certPath, "key.pem");
        var caFile = Path.Combine(certPath, "ca.pem");

        var ssl = new SslClientAuthenticationOptions();
        if (File.Exists(certFile) && File.Exists(keyFile))
        {
            ssl.ClientCertificates = [X509Certificate2.CreateFromPemFile(certFile, keyFile)];
        }

        // The daemon's certificate is checked against ca.pem whenever there is one, even without
        // DOCKER_TLS_VERIFY: accepting any certificate would hand the socket's root powers to whoever
        // sits on the path. Without ca.pem the system trust store decides.
        if (File.Exists(caFile))
        {
            var ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
            ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                ValidateAgainstCa(certificate, errors, ca);
        }

        handler.SslOptions = ssl;
    }

    private static bool ValidateAgainstCa(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2 ca)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }

        // The daemon's certificate is signed by the private ca.pem, not by a public root, so chain errors
        // from the system store are expected; the chain is rebuilt against ca.pem alone.
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
