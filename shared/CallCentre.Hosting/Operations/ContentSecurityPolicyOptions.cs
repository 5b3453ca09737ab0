namespace CallCentre.Hosting.Operations;

/// <summary>What a module adds to the pages' Content-Security-Policy: origins (<c>wss://sip.example.com</c>) the pages may
/// open connections to besides their own, such as the SIP WebSocket of the desk's softphone.</summary>
public sealed class ContentSecurityPolicyOptions
{
    public List<string> ConnectSources { get; } = [];
}
