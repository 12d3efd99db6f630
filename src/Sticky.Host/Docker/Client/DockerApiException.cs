// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;

namespace Sticky.Host.Docker.Client;

/// <summary>
/// A failed Engine API call: the daemon answered with an error status, or could not be reached at all
/// (then <see cref="StatusCode"/> is <see langword="null"/>).
/// </summary>
internal sealed class DockerApiException : Exception
{
    public DockerApiException()
        : this("the Docker Engine API call failed")
    {
    }

    public DockerApiException(string message)
        : this(message, innerException: null)
    {
    }

    public DockerApiException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Endpoint = string.Empty;
    }

    public DockerApiException(string endpoint, HttpStatusCode? statusCode, string? daemonMessage, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Endpoint = endpoint;
        StatusCode = statusCode;
        DaemonMessage = daemonMessage;
    }

    /// <summary>The API path that failed, for example <c>GET /v1.41/services</c>, or the daemon address when unreachable.</summary>
    public string Endpoint { get; }

    /// <summary>The HTTP status the daemon answered with; <see langword="null"/> when it could not be reached.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The daemon's own <c>message</c>, when it sent one.</summary>
    public string? DaemonMessage { get; }

    internal static DockerApiException Unreachable(DockerEndpoint endpoint, Exception cause)
    {
        // A missing socket surfaces as "Cannot assign requested address", which sends people the wrong way.
        var reason = endpoint.IsUnixSocket && !File.Exists(endpoint.SocketPath)
            ? $"the socket {endpoint.SocketPath} does not exist (is dockerd running? is the socket mounted into this container?)"
            : cause switch
            {
                HttpRequestException { InnerException: { } inner } => inner.Message,
                _ => cause.Message,
            };
        return new DockerApiException(
            endpoint.Display,
            statusCode: null,
            daemonMessage: null,
            $"cannot connect to the Docker daemon at {endpoint.Display}: {reason}",
            cause);
    }
}
