using System.Net;
using System.Security.Cryptography;
using CallCentre.Telephony.Kamailio;
using Microsoft.Extensions.Logging;

namespace CallCentre.Telephony.Calls;

/// <summary>A transfer in Routing moves the caller: Kamailio REFERs the caller's side to a one-time address the call's row waits
/// under, and the caller's new INVITE takes the row over as the same Routing call, rung or queued as Routing has it by then.</summary>
public sealed partial class CallControl
{
    private const string TransferPrefix = "xfer-";

    public static bool IsTransferTarget(string? sipCallIdOrNumber) =>
        sipCallIdOrNumber is { Length: 37 } && sipCallIdOrNumber.StartsWith(TransferPrefix, StringComparison.Ordinal)
        && !sipCallIdOrNumber.AsSpan(TransferPrefix.Length).ContainsAnyExcept("0123456789abcdef");

    public async Task TransferredAsync(Guid callId, string fromAgentId, DateTimeOffset transferredAt, CancellationToken ct)
    {
        if (await calls.FindByCallAsync(callId, ct) is not { State: SipCallStore.Connected } call || call.AgentId != fromAgentId)
            return;
        await LockedAsync(call.SipCallId, async () =>
        {
            if (_failedTransfers.ContainsKey(call.SipCallId))
                await routing.TransferFailedAsync(call.TenantId, callId, "not-retried", ct);
            else
                await BeginTransferAsync(call.SipCallId, fromAgentId, transferredAt, ct);
        }, ct);
    }

    private async Task<string?> BeginTransferAsync(string sipCallId, string fromAgentId, DateTimeOffset after, CancellationToken ct)
    {
        if (_failedTransfers.ContainsKey(sipCallId))
            return null;
        var target = TransferPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        if (!await calls.StartTransferAsync(sipCallId, fromAgentId, target, after, ct))
            return null;
        logger.LogInformation("SIP call {SipCallId}: transferred from agent {AgentId}; the caller is asked to call {Target}",
            sipCallId, fromAgentId, target);
        await kamailio.SendAsync(SipCommand.Transfer(sipCallId, target), ct);
        return target;
    }

    private async Task TransferredCallerAsync(SipEvent e, string target, CancellationToken ct)
    {
        var renamed = await LockedAsync(target, () => calls.RenameAsync(target, e.CallId, e.CallerTag, ct), ct, forget: true);
        if (!renamed)
        {
            logger.LogInformation("SIP call {SipCallId} to {Target}: no transfer waits there", e.CallId, target);
            await kamailio.SendAsync(SipCommand.Refuse(e.CallId, 404, "Not Found"), ct);
            return;
        }
        var call = (await calls.FindAsync(e.CallId, ct))!;
        logger.LogInformation("SIP call {SipCallId} is transferred call {CallId} ({State})", e.CallId, call.CallId, call.State);
        if (call.State == SipCallStore.Ringing)
            await SendRingAsync(call, ct);
        else
            await kamailio.SendAsync(SipCommand.Queued(e.CallId, call.QueueId), ct);
    }

    // The caller stays on the first agent's phone, in the row and in Routing; no later offer tries again; a repeat re-posts harmlessly.
    private async Task TransferFailedAsync(SipEvent e, CancellationToken ct)
    {
        if (e is not { Target: { } target, Agent: { Length: > 0 } agentId })
            return;
        var restored = await calls.RestoreAsync(target, e.CallId, agentId, ct);
        if (await calls.FindAsync(e.CallId, ct) is not { State: SipCallStore.Connected } call || call.AgentId != agentId)
            return;
        _failedTransfers[e.CallId] = true;
        await calls.KeepCseqsAsync(e.CallId, e.CallerCseq, e.PhoneCseq, ct);
        if (restored)
            logger.LogWarning("SIP call {SipCallId}: the transfer failed ({Code}); the caller stays connected to agent {AgentId}",
                e.CallId, e.Code, agentId);
        var status = await routing.TransferFailedAsync(call.TenantId, call.CallId, e.Code?.ToString() ?? "failed", ct);
        if (status is not (HttpStatusCode.OK or HttpStatusCode.NotFound))
            logger.LogError("SIP call {SipCallId}: Routing answered {Status} to the failed transfer of call {CallId}", e.CallId, (int)status, call.CallId);
    }
}
