using System.Net;
using System.Net.Sockets;

namespace CallCentre.SlaTracking.Webhooks;

/// <summary>A tenant names the url: without this rule a webhook could reach the operator's own network from inside it.</summary>
public static class WebhookTargets
{
    private static readonly IPNetwork[] NotPublic =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("100.64.0.0/10"), IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.0.0.0/24"), IPNetwork.Parse("192.0.2.0/24"),
        IPNetwork.Parse("192.168.0.0/16"), IPNetwork.Parse("198.18.0.0/15"), IPNetwork.Parse("198.51.100.0/24"),
        IPNetwork.Parse("203.0.113.0/24"), IPNetwork.Parse("224.0.0.0/3"),
        IPNetwork.Parse("::/127"), IPNetwork.Parse("64:ff9b::/96"), IPNetwork.Parse("100::/64"), IPNetwork.Parse("2001:db8::/32"),
        IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("fe80::/10"), IPNetwork.Parse("ff00::/8"),
    ];

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        return !NotPublic.Any(n => n.Contains(address));
    }

    public static bool Allowed(IPAddress address, WebhookOptions options) =>
        IsPublic(address)
        || options.AllowPrivateTargets
        || (options.AllowLoopbackHttp && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address));

    /// <summary>Checked on connecting, on every address the name resolves to: a name re-pointed after saving is refused too.</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, WebhookOptions options, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        if (addresses.Length == 0)
            throw new HttpRequestException($"{host} resolves to no address.");
        if (addresses.FirstOrDefault(a => !Allowed(a, options)) is { } refused)
            throw new HttpRequestException($"{host} resolves to {refused}, which is not a public address; webhooks reach public addresses only.");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
