// Licensed under the MIT License. See LICENSE in the repository root.

using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Sticky.Host;

/// <summary>
/// Marks connections accepted on the admin endpoint, so the admin branch is chosen by the listener
/// that accepted the connection (which works with ephemeral ports), never by the Host header.
/// </summary>
internal static class AdminConnection
{
    private const string ItemKey = "Sticky.AdminConnection";

    public static void Mark(ListenOptions listenOptions) =>
        listenOptions.Use(static next => connection =>
        {
            connection.Items[ItemKey] = true;
            return next(connection);
        });

    public static bool IsAdmin(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(ItemKey) == true;
}
