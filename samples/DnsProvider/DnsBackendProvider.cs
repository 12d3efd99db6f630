// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Primitives;
using Sticky.Affinity;
using Sticky.Backends;
using Sticky.Providers;

namespace DnsProvider;

/// <summary>
/// A custom provider: backends are the addresses a DNS name resolves to, re-resolved periodically.
/// In a Swarm, <c>tasks.&lt;service&gt;</c> resolves to every task's IP, so this balances over tasks
/// without access to the Docker socket.
/// </summary>
public sealed class DnsBackendProvider : IBackendProvider, IHostedService, IDisposable
{
    private readonly DnsProviderOptions _options;
    private readonly ILogger<DnsBackendProvider> _logger;
    private readonly Lock _gate = new();
    private ProviderSnapshot _snapshot;
    private CancellationTokenSource _changed = new();
    private PeriodicTimer? _timer;
    private Task? _loop;

    public DnsBackendProvider(DnsProviderOptions options, ILogger<DnsBackendProvider> logger)
    {
        _options = options;
        _logger = logger;
        _snapshot = new ProviderSnapshot { Services = [], ChangeToken = new CancellationChangeToken(_changed.Token) };
    }

    public string Name => "dns";

    public ProviderSnapshot GetSnapshot() => Volatile.Read(ref _snapshot);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        _timer = new PeriodicTimer(_options.Interval);
        _loop = LoopAsync();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        if (_loop is not null)
        {
            await _loop;
        }
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _changed.Dispose();
    }

    private async Task LoopAsync()
    {
        while (await _timer!.WaitForNextTickAsync())
        {
            await RefreshAsync(CancellationToken.None);
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(_options.HostName, AddressFamily.InterNetwork, cancellationToken);
        }
        catch (SocketException ex)
        {
            // Keep serving the last good list: a DNS hiccup must not empty the routing table.
            _logger.LogWarning("Resolving {HostName} failed, keeping {Count} backends: {Error}", _options.HostName, _snapshot.Services.Sum(s => s.Backends.Count), ex.Message);
            return;
        }

        var backends = addresses.Order(Comparer<IPAddress>.Create(static (a, b) => string.CompareOrdinal(a.ToString(), b.ToString())))
            .Select(ip => new BackendConfig { Url = $"http://{ip}:{_options.Port}" })
            .ToList();
        var services = GetSnapshot().Services;
        var current = services.Count > 0 ? services[0].Backends : [];
        if (current.Select(b => b.Url).SequenceEqual(backends.Select(b => b.Url)))
        {
            return;
        }

        _logger.LogInformation("{HostName} resolved to {Count} backends", _options.HostName, backends.Count);
        CancellationTokenSource previous;
        lock (_gate)
        {
            previous = _changed;
            _changed = new CancellationTokenSource();
            Volatile.Write(ref _snapshot, new ProviderSnapshot
            {
                Services = [new ServiceConfig { Name = _options.ServiceName, Backends = backends, Affinity = new AffinityCookieConfig() }],
                ChangeToken = new CancellationChangeToken(_changed.Token),
                UpdatedAt = DateTimeOffset.UtcNow,
            });
        }

        await previous.CancelAsync();
    }
}
