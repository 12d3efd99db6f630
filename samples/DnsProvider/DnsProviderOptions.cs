// Licensed under the MIT License. See LICENSE in the repository root.

namespace DnsProvider;

/// <summary>What to resolve and how often.</summary>
public sealed class DnsProviderOptions
{
    public string ServiceName { get; set; } = "app";

    public string HostName { get; set; } = "localhost";

    public int Port { get; set; } = 8000;

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);
}
