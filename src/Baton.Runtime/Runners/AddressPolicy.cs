using System.Net;
using System.Net.Sockets;

namespace Baton.Runtime.Runners;

/// <summary>Decides which IP addresses HTTP tasks may connect to.</summary>
/// <remarks>Refused unless allowed: loopback, private ranges (10/8, 172.16/12, 192.168/16), carrier-grade NAT
/// (100.64/10), link-local including the cloud metadata address 169.254.169.254, unspecified, multicast, and the
/// IPv6 equivalents (::1, fc00::/7, fe80::/10). The check runs on the address actually connected to, after DNS,
/// so a public name that resolves to a private address is refused too.</remarks>
public static class AddressPolicy
{
    /// <summary>True when the address is private, loopback, link-local, metadata or otherwise not public.</summary>
    public static bool IsNonPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.None))
        {
            return true;
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 10
                || b[0] == 0
                || b[0] == 172 && b[1] >= 16 && b[1] <= 31
                || b[0] == 192 && b[1] == 168
                || b[0] == 169 && b[1] == 254
                || b[0] == 100 && b[1] >= 64 && b[1] <= 127
                || b[0] >= 224;
        }
        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal;
    }
}
