// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.Extensions.Options;
using Sticky.Configuration;
using Sticky.Forwarding;

namespace Sticky.Proxy;

/// <summary>The one connection pool all services share; disposed with the container.</summary>
internal sealed class ForwarderInvoker : IDisposable
{
    public ForwarderInvoker(IOptions<StickyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Invoker = ForwarderHttpClientFactory.Create(options.Value.Forwarding);
    }

    public HttpMessageInvoker Invoker { get; }

    public void Dispose() => Invoker.Dispose();
}
