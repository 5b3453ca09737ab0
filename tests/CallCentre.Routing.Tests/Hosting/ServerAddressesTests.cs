using CallCentre.Hosting.Operations;

namespace CallCentre.Routing.Tests.Hosting;

public sealed class ServerAddressesTests
{
    [Theory]
    [InlineData("http://+:5000", "http://localhost:5000")]
    [InlineData("http://*:5000", "http://localhost:5000")]
    [InlineData("http://0.0.0.0:5000", "http://localhost:5000")]
    [InlineData("https://[::]:5001", "https://localhost:5001")]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000")]
    [InlineData("http://centre.example:80", "http://centre.example:80")]
    public void WildcardHosts_BecomeLocalhost_OthersStayAsTheyAre(string listening, string expected) =>
        Assert.Equal(expected, ServerAddresses.ForLocalClient(listening));
}
