// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Host.Docker.Client;

namespace Sticky.Host.Docker.Tests;

[TestFixture]
public sealed class DockerEndpointTests
{
    [Test]
    public void Resolve_NothingSet_DefaultSocket()
    {
        var endpoint = DockerEndpoint.Resolve(environment: static _ => null);

        Assert.That(endpoint.Display, Is.EqualTo("unix:///var/run/docker.sock"));
        Assert.That(endpoint.SocketPath, Is.EqualTo("/var/run/docker.sock"));
        Assert.That(endpoint.UsesTls, Is.False);
    }

    [Test]
    public void Resolve_DockerHostTcp_PlainHttp()
    {
        var endpoint = DockerEndpoint.Resolve(environment: Env(("DOCKER_HOST", "tcp://10.0.0.1:2375")));

        Assert.That(endpoint.IsUnixSocket, Is.False);
        Assert.That(endpoint.BaseAddress, Is.EqualTo(new Uri("http://10.0.0.1:2375/")));
    }

    [Test]
    public void Resolve_TlsVerifyAndCertPath_HttpsWithCertFolder()
    {
        var endpoint = DockerEndpoint.Resolve(environment: Env(("DOCKER_HOST", "tcp://manager:2376"), ("DOCKER_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", "/certs")));

        Assert.That(endpoint.BaseAddress, Is.EqualTo(new Uri("https://manager:2376/")));
        Assert.That(endpoint.TlsCertPath, Is.EqualTo("/certs"));
        Assert.That(endpoint.TlsVerify, Is.True);
    }

    [Test]
    public void Resolve_TlsWithoutPort_Uses2376()
    {
        var endpoint = DockerEndpoint.Resolve("tcp://manager", environment: Env(("DOCKER_TLS_VERIFY", "1"), ("HOME", "/home/me")));

        Assert.That(endpoint.BaseAddress.Port, Is.EqualTo(2376));
        Assert.That(endpoint.TlsCertPath, Is.EqualTo("/home/me/.docker"));
    }

    [Test]
    public void Resolve_ExplicitEndpoint_WinsOverDockerHost()
    {
        var endpoint = DockerEndpoint.Resolve("unix:///run/other.sock", environment: Env(("DOCKER_HOST", "tcp://10.0.0.1:2375")));

        Assert.That(endpoint.SocketPath, Is.EqualTo("/run/other.sock"));
    }

    [TestCase("npipe:////./pipe/docker_engine")]
    [TestCase("unix://relative.sock")]
    [TestCase("tcp://host:2375/path")]
    public void Resolve_Unsupported_FormatException(string host)
    {
        Assert.Throws<FormatException>(() => DockerEndpoint.Resolve(host, environment: static _ => null));
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
