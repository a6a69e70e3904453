using System.Data.Common;
using System.Net.Sockets;

namespace FlashPurchase.Infrastructure.Persistence;

/// <summary>Tells a database that is down, restarting or overloaded from a request it refuses for good.</summary>
public static class TransientDatabaseFailure
{
    /// <summary>
    /// True when <paramref name="exception"/>, or one it wraps, is a failure that goes away by itself: a driver error
    /// the driver marks transient (cannot connect, connection lost, deadlock, lock wait timeout...), a timeout or a
    /// socket or I/O error. A constraint violation or a bad statement is not.
    /// </summary>
    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case DbException { IsTransient: true }:
                case TimeoutException:
                case SocketException:
                case IOException:
                    return true;
            }
        }

        return false;
    }
}
