// Licensed under the MIT License. See LICENSE in the repository root.

using System.Net;
using System.Net.Sockets;

namespace Sticky.TestInfrastructure;

/// <summary>Ports on 127.0.0.1 for tests.</summary>
public static class LoopbackPorts
{
    /// <summary>
    /// A port that nothing listens on right now: the OS picks a free one, the socket is closed again, so a
    /// connection attempt is refused. Another process could take it in between, which is unlikely enough for tests.
    /// </summary>
    public static int GetClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
