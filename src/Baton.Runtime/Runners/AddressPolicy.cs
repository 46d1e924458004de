using System.Net;

namespace Baton.Runtime.Runners;

/// <summary>Decides which IP addresses HTTP tasks may connect to.</summary>
/// <remarks>Refused unless allowed: every range in <see cref="NonPublicRanges"/>: "this network", loopback, private
/// ranges (10/8, 172.16/12, 192.168/16), carrier-grade NAT (100.64/10), link-local including the cloud metadata
/// address 169.254.169.254, IETF and benchmarking ranges, multicast and reserved, and the IPv6 equivalents
/// (::, ::1, fc00::/7, fe80::/10, fec0::/10, ff00::/8); IPv4 addresses mapped into IPv6 are judged as IPv4. The
/// check runs on the address actually connected to, after DNS, so a public name that resolves to a private
/// address is refused too.</remarks>
public static class AddressPolicy
{
    /// <summary>The address ranges HTTP tasks may not reach unless their binding allows private addresses.</summary>
    public static IReadOnlyList<IPNetwork> NonPublicRanges { get; } =
    [
        .. new[]
        {
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
            "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/3",
            "::/128", "::1/128", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
        }.Select(r => IPNetwork.Parse(r)),
    ];

    /// <summary>True when the address is private, loopback, link-local, metadata or otherwise not public.</summary>
    public static bool IsNonPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var a = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return NonPublicRanges.Any(range => range.Contains(a));
    }
}
