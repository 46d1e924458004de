using System.Net;
using Baton.Runtime.Runners;

namespace Baton.Runtime.Tests.Runners;

public class AddressPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("fd00::1")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("192.0.0.170")]
    [InlineData("198.18.0.1")]
    [InlineData("ff02::1")]
    [InlineData("::")]
    [InlineData("::ffff:169.254.169.254")]
    public void IsNonPublic_PrivateOrSpecialAddress_IsTrue(string ip) => Assert.True(AddressPolicy.IsNonPublic(IPAddress.Parse(ip)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700::1111")]
    [InlineData("100.128.0.1")]
    public void IsNonPublic_PublicAddress_IsFalse(string ip) => Assert.False(AddressPolicy.IsNonPublic(IPAddress.Parse(ip)));
}
