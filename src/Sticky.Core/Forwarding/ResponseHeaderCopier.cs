// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Sticky.Forwarding;

/// <summary>Copies the backend's response headers (and trailers) to the client's response, minus hop-by-hop ones.</summary>
internal static class ResponseHeaderCopier
{
    public static void Copy(HttpResponseMessage source, IHeaderDictionary destination, bool isUpgrade)
    {
        // NonValidated avoids parsing every value into typed header objects only to print it again.
        var headers = source.Headers.NonValidated;
        var connection = headers.TryGetValues(HeaderNames.Connection, out var values) ? values.ToString() : string.Empty;
        CopyFiltered(headers, destination, connection, isUpgrade);
        CopyFiltered(source.Content.Headers.NonValidated, destination, connection, isUpgrade);
    }

    public static void CopyTrailers(HttpResponseMessage source, IHeaderDictionary destination)
    {
        var trailers = source.TrailingHeaders.NonValidated;
        CopyFiltered(trailers, destination, string.Empty, isUpgrade: false);
    }

    private static void CopyFiltered(HttpHeadersNonValidated source, IHeaderDictionary destination, string connection, bool isUpgrade)
    {
        foreach (var header in source)
        {
            var name = header.Key;
            if (!HopByHopHeaders.IsForwardedResponseHeader(name, connection, isUpgrade))
            {
                continue;
            }

            // Setting Server replaces Kestrel's own, and Kestrel always writes its single Date: no duplicates.
            destination[name] = ToStringValues(header.Value);
        }
    }

    private static StringValues ToStringValues(HeaderStringValues values)
    {
        if (values.Count == 1)
        {
            return values.ToString();
        }

        // Set-Cookie and friends must stay separate lines, never be joined with commas.
        var array = new string[values.Count];
        var i = 0;
        foreach (var value in values)
        {
            array[i++] = value;
        }

        return array;
    }
}
