// Licensed under the MIT License. See LICENSE in the repository root.

using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Sticky.Backends;
using Sticky.Forwarding;
using Sticky.Proxy;

namespace Sticky.Diagnostics;

internal sealed partial class StickyTelemetry
{
    // Static, as ActivitySources are: listeners subscribe by name, and one source per process is the norm.
    private static readonly ActivitySource s_activitySource = new(ActivitySourceName, typeof(StickyTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>
    /// Starts the activity of one forwarded request, or returns <see langword="null"/> (at the cost of one
    /// check) when no listener samples the <c>Sticky</c> source. Dispose the result when the response ends;
    /// <see cref="Forwarded"/> adds the status code and outcome to it.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "The request path reports through its StickyTelemetry instance only.")]
    public Activity? StartRequest(HttpContext context, ServiceRuntime service, Backend backend)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(backend);
        if (!s_activitySource.HasListeners())
        {
            return null;
        }

        // A client span: the proxy calls the backend. Its parent is ASP.NET Core's request activity when
        // that one is being recorded, so traces show the inbound request and the forwarded call together.
        var activity = s_activitySource.StartActivity("sticky.forward", ActivityKind.Client);
        if (activity is null)
        {
            return null;
        }

        activity.DisplayName = $"{context.Request.Method} {service.Name}";
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("http.request.method", context.Request.Method);
            activity.SetTag("server.address", backend.Url.Host);
            activity.SetTag("server.port", backend.Url.Port);
            activity.SetTag("sticky.service", service.Name);
            activity.SetTag("sticky.backend", backend.Id);
            activity.SetTag("sticky.backend.name", backend.Name);
        }

        return activity;
    }

    private static void EnrichActivity(HttpContext context, Backend backend, ForwardResult result)
    {
        var activity = Activity.Current;
        if (activity is null || !ReferenceEquals(activity.Source, s_activitySource) || !activity.IsAllDataRequested)
        {
            return;
        }

        var code = context.Response.StatusCode;
        activity.SetTag("http.response.status_code", code);
        activity.SetTag("sticky.backend", backend.Id);
        activity.SetTag("sticky.outcome", OutcomeName(result.Outcome));
        if (result.Outcome is not (ForwardOutcome.Success or ForwardOutcome.ClientAborted))
        {
            activity.SetTag("error.type", OutcomeName(result.Outcome));
            activity.SetStatus(ActivityStatusCode.Error, OutcomeName(result.Outcome));
        }
        else if (code >= StatusCodes.Status500InternalServerError)
        {
            activity.SetTag("error.type", code.ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }

    private static void AddRetryEvent(Backend failed, Backend next)
    {
        var activity = Activity.Current;
        if (activity is null || !ReferenceEquals(activity.Source, s_activitySource) || !activity.IsAllDataRequested)
        {
            return;
        }

        activity.AddEvent(new ActivityEvent("sticky.retry", tags: new ActivityTagsCollection
        {
            ["sticky.backend.failed"] = failed.Id,
            ["sticky.backend.next"] = next.Id,
        }));
    }
}
