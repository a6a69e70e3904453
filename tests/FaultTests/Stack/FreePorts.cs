using System.Net;
using System.Net.Sockets;

namespace FlashPurchase.FaultTests.Stack;

/// <summary>
/// TCP ports for the private servers and the API processes. Taken below Linux's ephemeral range (32768 and up), so an
/// outgoing connection of some other process cannot grab one between the check and the server's bind; checked free
/// on 127.0.0.1, and never handed out twice in one run.
/// </summary>
public static class FreePorts
{
    private const int First = 20_000;
    private const int Last = 32_000;

    private static readonly HashSet<int> Given = [];

    public static int Next()
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var port = Random.Shared.Next(First, Last);
            lock (Given)
            {
                if (!Given.Add(port))
                {
                    continue;
                }
            }

            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free TCP port found between {First} and {Last}.");
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            listener.Listen();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
