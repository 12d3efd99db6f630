// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Sticky.Host.Docker.Client.Models;

namespace Sticky.Host.Docker.Client;

/// <summary>
/// A small Engine API client: HTTP over the daemon's unix socket or TCP, typed and source-generated JSON.
/// The API version is negotiated on first use and again after the daemon was unreachable (it may have
/// been upgraded while it was away).
/// </summary>
internal sealed class DockerApiClient : IDockerApi, IDisposable
{
    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(30);
    private static readonly DockerJsonContext s_json = DockerJsonContext.Default;

    private readonly DockerEndpoint _endpoint;
    private readonly HttpClient _http;
    private volatile string? _versionPrefix;

    public DockerApiClient(DockerEndpoint endpoint, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _endpoint = endpoint;
        _http = new HttpClient(handler ?? DockerHandlerFactory.Create(endpoint), disposeHandler: true)
        {
            BaseAddress = endpoint.BaseAddress,
            // Per-call timeouts are applied below; the event stream must be allowed to last forever.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public string Endpoint => _endpoint.Display;

    /// <summary>The negotiated API version, or <see langword="null"/> before the first call.</summary>
    public string? NegotiatedVersion => _versionPrefix?.TrimStart('/', 'v');

    public Task<DockerVersion> GetVersionAsync(CancellationToken cancellationToken) =>
        GetAsync("/version", s_json.DockerVersion, cancellationToken);

    public async Task<DockerInfo> GetInfoAsync(CancellationToken cancellationToken) =>
        await GetAsync(await VersionedAsync("/info", cancellationToken), s_json.DockerInfo, cancellationToken);

    public async Task<IReadOnlyList<SwarmService>> ListServicesAsync(CancellationToken cancellationToken) =>
        await GetAsync(await VersionedAsync("/services", cancellationToken), s_json.ListSwarmService, cancellationToken);

    public async Task<IReadOnlyList<SwarmTask>> ListTasksAsync(
        IReadOnlyCollection<string>? serviceIds,
        IReadOnlyCollection<string>? desiredStates,
        CancellationToken cancellationToken)
    {
        var filters = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (serviceIds is { Count: > 0 })
        {
            filters["service"] = [.. serviceIds];
        }

        if (desiredStates is { Count: > 0 })
        {
            filters["desired-state"] = [.. desiredStates];
        }

        var path = await VersionedAsync("/tasks" + FilterQuery(filters), cancellationToken);
        return await GetAsync(path, s_json.ListSwarmTask, cancellationToken);
    }

    public async Task<IReadOnlyList<DockerNetwork>> ListNetworksAsync(CancellationToken cancellationToken) =>
        await GetAsync(await VersionedAsync("/networks", cancellationToken), s_json.ListDockerNetwork, cancellationToken);

    public async Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(CancellationToken cancellationToken)
    {
        var filters = new Dictionary<string, List<string>>(StringComparer.Ordinal) { ["status"] = ["running"] };
        var path = await VersionedAsync("/containers/json" + FilterQuery(filters), cancellationToken);
        return await GetAsync(path, s_json.ListContainerSummary, cancellationToken);
    }

    public async Task<ContainerInspect?> InspectContainerAsync(string idOrName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(idOrName);
        var path = await VersionedAsync($"/containers/{Uri.EscapeDataString(idOrName)}/json", cancellationToken);
        try
        {
            return await GetAsync(path, s_json.ContainerInspect, cancellationToken);
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async IAsyncEnumerable<DockerEvent> MonitorEventsAsync(
        IReadOnlyCollection<string> types,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(types);
        var filters = new Dictionary<string, List<string>>(StringComparer.Ordinal) { ["type"] = [.. types] };
        var path = await VersionedAsync("/events" + FilterQuery(filters), cancellationToken);

        using var response = await SendAsync(path, HttpCompletionOption.ResponseHeadersRead, timeout: null, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream);
        while (true)
        {
            var line = await ReadEventLineAsync(reader, path, cancellationToken);
            if (line is null)
            {
                yield break;
            }

            if (TryParseEvent(line) is { } dockerEvent)
            {
                yield return dockerEvent;
            }
        }
    }

    public void Dispose() => _http.Dispose();

    internal static string FilterQuery(Dictionary<string, List<string>> filters) =>
        filters.Count == 0 ? string.Empty : "?filters=" + Uri.EscapeDataString(JsonSerializer.Serialize(filters, s_json.DictionaryStringListString));

    private static DockerEvent? TryParseEvent(string line)
    {
        if (line.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(line, s_json.DockerEvent);
        }
        catch (JsonException)
        {
            // One unreadable event must not end the watch; the periodic re-list covers anything missed.
            return null;
        }
    }

    private async Task<string?> ReadEventLineAsync(StreamReader reader, string path, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadLineAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            _versionPrefix = null;
            throw new DockerApiException($"GET {path}", null, null, $"the Docker event stream from {_endpoint.Display} broke: {ex.Message}", ex);
        }
    }

    private async Task<string> VersionedAsync(string path, CancellationToken cancellationToken)
    {
        var prefix = _versionPrefix;
        if (prefix is null)
        {
            var version = await GetVersionAsync(cancellationToken);
            if (!DockerApiVersion.TryNegotiate(version.ApiVersion, out var negotiated, out var error))
            {
                throw new DockerApiException("GET /version", HttpStatusCode.OK, null, $"unsupported Docker daemon at {_endpoint.Display}: {error}");
            }

            prefix = "/v" + negotiated.ToString(2);
            _versionPrefix = prefix;
        }

        return prefix + path;
    }

    private async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(path, HttpCompletionOption.ResponseContentRead, s_requestTimeout, cancellationToken);
        try
        {
            var result = await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken);
            return result ?? throw new DockerApiException($"GET {path}", response.StatusCode, null, $"Docker API GET {path} returned an empty body");
        }
        catch (JsonException ex)
        {
            throw new DockerApiException($"GET {path}", response.StatusCode, null, $"Docker API GET {path} returned unreadable JSON: {ex.Message}", ex);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string path, HttpCompletionOption completion, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = timeout is { } t ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : null;
        timeoutSource?.CancelAfter(timeout!.Value);
        var token = timeoutSource?.Token ?? cancellationToken;

        HttpResponseMessage response;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        try
        {
            response = await _http.SendAsync(request, completion, token);
        }
        catch (HttpRequestException ex)
        {
            _versionPrefix = null;
            throw DockerApiException.Unreachable(_endpoint, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            _versionPrefix = null;
            throw new DockerApiException($"GET {path}", null, null, $"Docker API GET {path} at {_endpoint.Display} timed out after {timeout}", ex);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var message = await ReadDaemonMessageAsync(response, cancellationToken);
            throw new DockerApiException(
                $"GET {path}",
                response.StatusCode,
                message,
                $"Docker API GET {path} failed with {(int)response.StatusCode} {response.StatusCode}: {message ?? "(no message)"}");
        }
    }

    private static async Task<string?> ReadDaemonMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (string.IsNullOrWhiteSpace(body))
            {
                return null;
            }

            try
            {
                return JsonSerializer.Deserialize(body, s_json.DockerErrorResponse)?.Message ?? body.Trim();
            }
            catch (JsonException)
            {
                return body.Trim();
            }
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
