using System.Net;
using System.Net.Sockets;

namespace Baton.Testing;

/// <summary>Loopback ports for servers the tests start.</summary>
public static class Ports
{
    /// <summary>A loopback TCP port nobody listens on now, chosen by the OS (so not one another test holds).</summary>
    /// <remarks>The Durable test host's own default is a random number in 30000-40000 that it never checks; with several
    /// hosts in one test run, two could meet on one port and a client could reach another test's sidecar.</remarks>
    public static int Free()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
