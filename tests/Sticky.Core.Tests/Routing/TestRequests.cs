// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;
using Microsoft.AspNetCore.Http;

namespace Sticky.Routing.Tests;

/// <summary>Builds requests for matcher tests the way Kestrel presents them: raw Host header, raw query string.</summary>
internal static class TestRequests
{
    public static HttpRequest Create(
        string? host = "example.com",
        string path = "/",
        string method = "GET",
        string? query = null,
        string? remoteIp = null,
        params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        var request = context.Request;
        request.Method = method;
        request.Path = new PathString(path);
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        if (query is not null)
        {
            request.QueryString = new QueryString(query);
        }

        if (remoteIp is not null)
        {
            context.Connection.RemoteIpAddress = IPAddress.Parse(remoteIp);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.Append(name, value);
        }

        return request;
    }

    public static bool Matches(string rule, HttpRequest request) => RuleParser.Parse(rule).Matches(request);
}
