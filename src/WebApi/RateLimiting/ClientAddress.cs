using System.Net;
using System.Net.Sockets;

namespace FlashPurchase.WebApi.RateLimiting;

/// <summary>Which client a request comes from, as the per-address limits count it.</summary>
public static class ClientAddress
{
    /// <summary>
    /// The partition of requests without a connection address (the in-memory test server gives none): they all share
    /// one.
    /// </summary>
    public const string Unknown = "unknown";

    /// <summary>
    /// The connection's address; for IPv6 its /64 network, which one subscriber usually holds whole (counting single
    /// IPv6 addresses would let one client spread its requests over 2^64 of them). Behind a reverse proxy this is the
    /// client's address only when the proxy is trusted (<see cref="Security.TrustedProxies"/>), else the proxy's.
    /// </summary>
    public static string KeyOf(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return Unknown;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }
}
