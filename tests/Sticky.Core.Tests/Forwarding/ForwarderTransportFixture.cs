// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Sticky.Forwarding.Tests;

/// <summary>
/// Forwarder tests run once per transport: Sticky's HTTP/1.1 client and HttpClient must behave the same.
/// A derived fixture carries <c>[TestFixture(ForwarderTransport.Http11)]</c> and <c>[TestFixture(ForwarderTransport.HttpClient)]</c>.
/// </summary>
public abstract class ForwarderTransportFixture
{
    protected ForwarderTransportFixture(ForwarderTransport transport) => Transport = transport;

    protected ForwarderTransport Transport { get; }

    internal Task<TestProxy> StartProxyAsync(
        Uri backend,
        ForwarderOptions? options = null,
        Func<HttpContext, string?>? setCookie = null,
        HttpProtocols protocols = HttpProtocols.Http1)
        => TestProxy.StartAsync(backend, (options ?? new ForwarderOptions()) with { Transport = Transport }, setCookie, protocols);
}
