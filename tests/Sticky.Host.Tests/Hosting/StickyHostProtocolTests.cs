// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Sticky.Host.TestInfrastructure.Tests;

namespace Sticky.Host.Hosting.Tests;

[TestFixture]
public sealed class StickyHostProtocolTests
{
    [Test]
    public async Task Proxy_Http2PriorKnowledge_ServesStickyTrafficOverH2c()
    {
        await using var backend = await TestBackend.StartAsync("h2c-backend");
        var provider = new Providers.InMemoryBackendProvider([TestServices.Sticky("web", "PathPrefix:/", [backend])]);
        await using var host = await RunningHost.StartAsync(
            RunningHost.LoopbackArgs("--Sticky:Host:ProxyProtocols=Http2"),
            builder => builder.Services.AddStickyProvider(provider));
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false })
        {
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var response = await client.GetAsync(host.ProxyAddress);

        Assert.That(response.Version, Is.EqualTo(HttpVersion.Version20));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("h2c-backend"));
        Assert.That(response.Headers.GetValues("Set-Cookie").Single(), Does.StartWith("_"));
    }

    [Test]
    public async Task Proxy_WithCertificate_NegotiatesHttp2OverTls()
    {
        await using var backend = await TestBackend.StartAsync("tls-backend");
        var provider = new Providers.InMemoryBackendProvider([TestServices.Sticky("web", "PathPrefix:/", [backend])]);
        var pfx = Path.Combine(Path.GetTempPath(), $"sticky-test-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(pfx, CreateSelfSignedPfx("s3cret"));
        try
        {
            await using var host = await RunningHost.StartAsync(
                RunningHost.LoopbackArgs($"--Sticky:Host:Certificate:Path={pfx}", "--Sticky:Host:Certificate:Password=s3cret"),
                builder => builder.Services.AddStickyProvider(provider));
            var handler = new SocketsHttpHandler { UseProxy = false, UseCookies = false };
            // Trust exactly the certificate the test made, nothing else.
            using var expected = X509CertificateLoader.LoadPkcs12FromFile(pfx, "s3cret");
            handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == expected.GetCertHashString();
            using var client = new HttpClient(handler) { DefaultRequestVersion = HttpVersion.Version20 };
            var https = new UriBuilder(host.ProxyAddress) { Scheme = "https" }.Uri;

            using var response = await client.GetAsync(https);

            Assert.That(response.Version, Is.EqualTo(HttpVersion.Version20), "ALPN chose HTTP/2");
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("tls-backend"));
        }
        finally
        {
            File.Delete(pfx);
        }
    }

    [Test]
    public void Build_Http1AndHttp2WithoutCertificate_IsAConfigurationError()
    {
        var error = Assert.Throws<HostConfigurationException>(() => StickyHost.Build(RunningHost.LoopbackArgs("--Sticky:Host:ProxyProtocols=Http1AndHttp2")));

        Assert.That(error!.Message, Does.Contain("needs a certificate"));
    }

    [Test]
    public void Build_UnreadableCertificate_IsAConfigurationErrorNamingTheFile()
    {
        var error = Assert.Throws<HostConfigurationException>(() => StickyHost.Build(RunningHost.LoopbackArgs("--Sticky:Host:Certificate:Path=/nonexistent/cert.pfx")));

        Assert.That(error!.Message, Does.Contain("/nonexistent/cert.pfx"));
    }

    private static byte[] CreateSelfSignedPfx(string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return certificate.Export(X509ContentType.Pfx, password);
    }
}
