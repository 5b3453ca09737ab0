namespace CallCentre.Telephony;

/// <summary>The <c>Telephony</c> section (Routing reads its own <c>Telephony:CallerHashKey</c> from it too).</summary>
public sealed class TelephonyOptions
{
    public string Control { get; set; } = "127.0.0.1:8448";

    /// <summary>Routing's base URL. Unset: this process's own address (Routing hosted here).</summary>
    public string? RoutingUrl { get; set; }

    public Dictionary<string, string> Numbers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Capped below the queue's offer timeout, so that the phone gives up before Routing does.</summary>
    public int RingSeconds { get; set; } = 12;

    /// <summary>Shared with Kamailio's auth_ephemeral module: agents' SIP passwords are signed with it.</summary>
    public string? SipSecret { get; set; }

    public string SipDomain { get; set; } = "127.0.0.1";

    public int SipCredentialMinutes { get; set; } = 480;

    /// <summary>Kamailio's WebSocket listener for the desk's softphone (<c>wss://...</c> in a deployment); unset: no softphone.</summary>
    public string? WebSocketUrl { get; set; }

    internal (string Host, int Port) ControlEndpoint()
    {
        var colon = Control.LastIndexOf(':');
        return (Control[..colon], int.Parse(Control[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    internal bool ControlIsValid() =>
        Control.LastIndexOf(':') is var colon and > 0 && int.TryParse(Control[(colon + 1)..], out var port) && port is > 0 and < 65536;
}
