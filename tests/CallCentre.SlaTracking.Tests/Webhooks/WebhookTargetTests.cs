using System.Net;
using CallCentre.SlaTracking.Webhooks;

namespace CallCentre.SlaTracking.Tests.Webhooks;

public class WebhookTargetTests
{
    [Theory]
    [InlineData("93.184.216.34", true)]
    [InlineData("8.8.8.8", true)]
    [InlineData("2606:4700:4700::1111", true)]
    [InlineData("172.32.0.1", true)]
    [InlineData("100.128.0.1", true)]
    [InlineData("10.0.0.1", false)]
    [InlineData("172.16.5.4", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("192.168.0.1", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.255.0.9", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("224.0.0.251", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("::1", false)]
    [InlineData("::", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("ff02::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("::ffff:93.184.216.34", true)]
    [InlineData("64:ff9b::a00:1", false)]
    public void PublicAddresses_AreTheOnlyOnesReachable_ByDefault(string address, bool reachable)
    {
        var ip = IPAddress.Parse(address);
        Assert.Equal(reachable, WebhookTargets.IsPublic(ip));
        Assert.Equal(reachable, WebhookTargets.Allowed(ip, new WebhookOptions()));
        Assert.True(WebhookTargets.Allowed(ip, new WebhookOptions { AllowPrivateTargets = true }));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("10.0.0.1", false)]
    [InlineData("169.254.169.254", false)]
    public void LoopbackHttp_OpensLoopbackOnly(string address, bool reachable) =>
        Assert.Equal(reachable, WebhookTargets.Allowed(IPAddress.Parse(address), new WebhookOptions { AllowLoopbackHttp = true }));
}
