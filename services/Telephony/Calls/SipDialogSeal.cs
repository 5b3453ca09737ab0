using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CallCentre.Hosting.Data;
using CallCentre.Telephony.Kamailio;
using Microsoft.Extensions.Options;

namespace CallCentre.Telephony.Calls;

/// <summary>Bound to the SIP Call-ID; a new <c>Telephony:SipSecret</c> leaves older dialogs unopened (their calls, restored, are not transferred).</summary>
public sealed class SipDialogSeal(IOptions<TelephonyOptions> options)
{
    private readonly Lazy<byte[]> _key = new(() => HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(options.Value.SipSecret!), 32,
        info: Encoding.UTF8.GetBytes("callcentre/telephony/sip-dialog")));

    public string Seal(string sipCallId, SipDialogAddresses addresses) =>
        Sealing.Seal(_key.Value, sipCallId, JsonSerializer.Serialize(addresses));

    public SipDialogAddresses? Open(string sipCallId, string sealedValue) =>
        Sealing.Open(_key.Value, sipCallId, sealedValue) is { } json ? JsonSerializer.Deserialize<SipDialogAddresses>(json) : null;
}
