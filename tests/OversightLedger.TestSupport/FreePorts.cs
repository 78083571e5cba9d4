using System.Net;
using System.Net.Sockets;

namespace OversightLedger.TestSupport;

/// <summary>
/// TCP ports on the loopback interface that were free a moment ago, found by binding port 0 and letting go: another
/// process may take one before the caller binds it, so a caller that starts a listener on one retries on new ports.
/// Also how a test gets a port nobody listens on.
/// </summary>
public static class FreePorts
{
    /// <summary><paramref name="count"/> distinct ports (held together while they are chosen, so they differ).</summary>
    public static int[] Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var listeners = new List<TcpListener>(count);
        try
        {
            for (int i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listeners.Add(listener);
                listener.Start();
            }

            return [.. listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (TcpListener listener in listeners)
            {
                listener.Stop();
                listener.Dispose();
            }
        }
    }

    /// <summary>One port.</summary>
    public static int One() => Take(1)[0];
}
