// Licensed under the MIT License. See LICENSE in the repository root.

using Sticky.Affinity;
using Sticky.Backends;
using Sticky.Balancing;

namespace Sticky.Proxy;

/// <summary>
/// One service inside a routing snapshot: everything a request needs, prebuilt and immutable.
/// </summary>
internal sealed class ServiceRuntime
{
    private uint _panicIndex;

    public ServiceRuntime(ServiceConfig config, string providerName, Backend[] backends, IBackendSelector selector, string policyName, AffinityTable? affinity)
    {
        Config = config;
        ProviderName = providerName;
        Backends = backends;
        Selector = selector;
        PolicyName = policyName;
        Affinity = affinity;
    }

    public string Name => Config.Name;

    public ServiceConfig Config { get; }

    public string ProviderName { get; }

    public Backend[] Backends { get; }

    public IBackendSelector Selector { get; }

    public string PolicyName { get; }

    /// <summary>The affinity table, or <see langword="null"/> when the service is not sticky.</summary>
    public AffinityTable? Affinity { get; }

    /// <summary>Spreads panic-mode requests round-robin; only touched when every backend is down.</summary>
    public uint NextPanicIndex() => Interlocked.Increment(ref _panicIndex);
}
