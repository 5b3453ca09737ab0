using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using CallCentre.Hosting.Centre;
using CallCentre.Telephony.Kamailio;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCentre.Telephony.Calls;

/// <summary>Turns SIP events into Routing's calls and Routing's offers into rings. Each step first claims its state change in
/// the store (compare-and-set), then acts: a repeated event, or one arriving after a restart, finds the change made and stops.</summary>
public sealed partial class CallControl(SipCallStore calls, RoutingClient routing, KamailioControl kamailio, CentreCatalog catalog,
    IOptions<TelephonyOptions> options, ILogger<CallControl> logger)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastHoldChange = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _failedTransfers = new(StringComparer.Ordinal);
    private int _postsInFlight;

    /// <summary>Stable for a repeated SIP call, and within the centre's id rule, which a Call-ID is not.</summary>
    public static string PbxCallId(string sipCallId) =>
        "sip-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sipCallId)))[..40];

    public async Task HandleAsync(SipEvent e, CancellationToken ct = default)
    {
        var ends = e.Event is "bye" or "cancel" or "expired" or "lost";
        try
        {
            await LockedAsync(e.CallId, () => DispatchAsync(e, ct), ct, forget: ends);
        }
        finally
        {
            if (ends)
            {
                _lastHoldChange.TryRemove(e.CallId, out _);
                _failedTransfers.TryRemove(e.CallId, out _);
            }
        }
    }

    private Task DispatchAsync(SipEvent e, CancellationToken ct)
    {
        switch (e.Event)
        {
            case "invite": return InviteAsync(e, ct);
            case "branch-failed": return RingFailedAsync(e, ct);
            case "answered": return AnsweredAsync(e, ct);
            case "hold" or "resume": return HoldAsync(e, ct);
            case "cancel" or "expired" or "lost": return CallerGoneAsync(e, ct);
            case "bye": return ByeAsync(e, ct);
            case "transfer-failed": return TransferFailedAsync(e, ct);
            default:
                logger.LogWarning("Unknown SIP event {Event} for {SipCallId}", e.Event, e.CallId);
                return Task.CompletedTask;
        }
    }

    private async Task<T> LockedAsync<T>(string sipCallId, Func<Task<T>> work, CancellationToken ct, bool forget = false)
    {
        var gate = _locks.GetOrAdd(sipCallId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            return await work();
        }
        finally
        {
            gate.Release();
            if (forget)
                _locks.TryRemove(sipCallId, out _);
        }
    }

    private Task LockedAsync(string sipCallId, Func<Task> work, CancellationToken ct, bool forget = false) =>
        LockedAsync(sipCallId, async () => { await work(); return true; }, ct, forget);

    public async Task HoldChangedAsync(Guid callId, bool held, DateTimeOffset at, CancellationToken ct)
    {
        if (await calls.FindByCallAsync(callId, ct) is not { State: SipCallStore.Connected } call)
            return;
        await LockedAsync(call.SipCallId, async () =>
        {
            // Events arrive unordered: a change older than the last one acted on is stale.
            if (_lastHoldChange.TryGetValue(call.SipCallId, out var last) && last >= at)
                return;
            _lastHoldChange[call.SipCallId] = at;
            await calls.SetHeldAsync(call.SipCallId, held, ct);
            logger.LogInformation("SIP call {SipCallId}: {Change} from the desk", call.SipCallId, held ? "hold" : "resume");
            await kamailio.SendAsync(held ? SipCommand.Hold(call.SipCallId) : SipCommand.Resume(call.SipCallId), ct);
        }, ct);
    }

    private async Task InviteAsync(SipEvent e, CancellationToken ct)
    {
        if (await calls.FindAsync(e.CallId, ct) is { } known)
        {
            logger.LogInformation("SIP call {SipCallId} is known already ({State})", e.CallId, known.State);
            return;
        }
        var number = e.Number ?? "";
        if (IsTransferTarget(number))
        {
            await TransferredCallerAsync(e, number, ct);
            return;
        }
        if (!options.Value.Numbers.TryGetValue(number, out var queueId) || catalog.Current.FindQueue(queueId) is not { } queue)
        {
            logger.LogInformation("SIP call {SipCallId} to {Number}: no queue has that number", e.CallId, number);
            await kamailio.SendAsync(SipCommand.Refuse(e.CallId, 404, "Not Found"), ct);
            return;
        }
        Interlocked.Increment(ref _postsInFlight);
        try
        {
            await PlaceAsync(e, queue, ct);
        }
        finally
        {
            Interlocked.Decrement(ref _postsInFlight);
        }
    }

    private async Task PlaceAsync(SipEvent e, Contracts.Routing.QueueConfiguration queue, CancellationToken ct)
    {
        var (placed, status) = await routing.PostCallAsync(queue.TenantId, queue.Id, CallerNumber(e.Caller), PbxCallId(e.CallId), ct);
        if (placed is null || placed.State == "Rejected")
        {
            // Closed or full: busy; Routing itself unable: try later.
            var (code, reason) = placed is null
                ? status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError
                    ? (503, "Service Unavailable") : (480, "Temporarily Unavailable")
                : (486, "Busy Here");
            logger.LogInformation("SIP call {SipCallId} to queue {QueueId} refused: {Status} {Reason}", e.CallId, queue.Id, status, placed?.Reason);
            await kamailio.SendAsync(SipCommand.Refuse(e.CallId, code, reason), ct);
            return;
        }
        await calls.AddAsync(new SipCall(e.CallId, queue.TenantId, queue.Id, placed.CallId, SipCallStore.Queued, null, e.CallerTag), ct);
        logger.LogInformation("SIP call {SipCallId} is call {CallId} in queue {QueueId} ({State})", e.CallId, placed.CallId, queue.Id, placed.State);
        if (placed.State == "Waiting")
            await kamailio.SendAsync(SipCommand.Queued(e.CallId, queue.Id), ct);
    }

    public async Task<bool> OfferedAsync(Guid callId, string agentId, DateTimeOffset offeredAt, CancellationToken ct)
    {
        var call = await calls.FindByCallAsync(callId, ct);
        // The offer may overtake the answer to the post that placed the call: wait for posts in flight to be kept.
        for (var i = 0; call is null && Volatile.Read(ref _postsInFlight) > 0 && i < 50; i++)
        {
            await Task.Delay(100, ct);
            call = await calls.FindByCallAsync(callId, ct);
        }
        // A post kept between the last look and the count reaching zero.
        call ??= await calls.FindByCallAsync(callId, ct);
        // A transfer renames the call's row: a row gone under the lock is looked up again, once.
        for (var attempt = 0; attempt < 2 && call is not null; attempt++)
        {
            var found = await LockedAsync(call.SipCallId, async () =>
            {
                if (await calls.FindAsync(call.SipCallId, ct) is not { } current)
                    return false;
                var sipCallId = current is { State: SipCallStore.Connected, AgentId: { } connectedTo } && connectedTo != agentId
                    ? await BeginTransferAsync(current.SipCallId, connectedTo, offeredAt, ct)
                    : current.SipCallId;
                if (sipCallId is not null)
                    await RingAsync(sipCallId, agentId, offeredAt, ct);
                return true;
            }, ct);
            if (found)
                return true;
            call = await calls.FindByCallAsync(callId, ct);
        }
        return false;
    }

    private async Task RingAsync(string sipCallId, string agentId, DateTimeOffset offeredAt, CancellationToken ct)
    {
        if (!await calls.ClaimOfferAsync(sipCallId, agentId, offeredAt, ct) || IsTransferTarget(sipCallId))
            return;
        await SendRingAsync((await calls.FindAsync(sipCallId, ct))!, ct);
    }

    private async Task SendRingAsync(SipCall call, CancellationToken ct)
    {
        var (sipCallId, agentId) = (call.SipCallId, call.AgentId!);
        var offerTimeout = catalog.Current.FindQueue(call.QueueId)?.OfferTimeoutSeconds ?? 15;
        var ring = Math.Max(1, Math.Min(options.Value.RingSeconds, offerTimeout - 2));
        logger.LogInformation("SIP call {SipCallId}: ringing agent {AgentId} for {Seconds} s", sipCallId, agentId, ring);
        await kamailio.SendAsync(SipCommand.Ring(sipCallId, agentId, ring, call.QueueId), ct);
    }

    private async Task RingFailedAsync(SipEvent e, CancellationToken ct)
    {
        if (e.Agent is not { Length: > 0 } agentId || !await calls.MoveAsync(e.CallId, SipCallStore.Ringing, SipCallStore.Queued, null, agentId, ct))
            return;
        var call = (await calls.FindAsync(e.CallId, ct))!;
        var status = await routing.RejectAsync(agentId, call.CallId, ct);
        logger.LogInformation("SIP call {SipCallId}: agent {AgentId} did not take it ({Code}); Routing's missed offer: {Status}",
            e.CallId, agentId, e.Code, (int)status);
    }

    private async Task AnsweredAsync(SipEvent e, CancellationToken ct)
    {
        if (e.Agent is not { Length: > 0 } agentId || !await calls.MoveAsync(e.CallId, SipCallStore.Ringing, SipCallStore.Connected, agentId, agentId, ct))
            return;
        await calls.KeepDialogAsync(e.CallId, e.CallerTag, e.PhoneTag, e.WebRtc == 1, e.Dialog, e.CallerCseq ?? 0, e.PhoneCseq ?? 0, ct);
        var call = (await calls.FindAsync(e.CallId, ct))!;
        var status = await routing.AnswerAsync(agentId, call.CallId, ct);
        logger.LogInformation("SIP call {SipCallId}: agent {AgentId} answered; Routing: {Status}", e.CallId, agentId, (int)status);
    }

    // Routing keeps the hold (409 for a repeat), so a repeated event changes nothing.
    private async Task HoldAsync(SipEvent e, CancellationToken ct)
    {
        if (await calls.FindAsync(e.CallId, ct) is not { State: SipCallStore.Connected, AgentId: { } agentId } call || agentId != e.Agent)
            return;
        await calls.KeepCseqsAsync(e.CallId, e.CallerCseq, e.PhoneCseq, ct);
        var status = await routing.HoldAsync(agentId, call.CallId, e.Event == "hold", ct);
        logger.LogInformation("SIP call {SipCallId}: agent {AgentId}'s phone: {Event}; Routing: {Status}", e.CallId, agentId, e.Event, (int)status);
    }

    private async Task CallerGoneAsync(SipEvent e, CancellationToken ct)
    {
        if (await calls.FindAsync(e.CallId, ct) is not { State: SipCallStore.Queued or SipCallStore.Ringing } call
            || !await calls.MoveAsync(e.CallId, call.State, SipCallStore.Abandoned, call.AgentId, ct: ct))
            return;
        var status = await routing.AbandonAsync(call.TenantId, call.CallId, ct);
        logger.LogInformation("SIP call {SipCallId}: the caller is gone while waiting ({Event}); Routing: {Status}", e.CallId, e.Event, (int)status);
    }

    private async Task ByeAsync(SipEvent e, CancellationToken ct)
    {
        if (await calls.FindAsync(e.CallId, ct) is not { State: SipCallStore.Connected, AgentId: { } agentId } call
            || !await calls.MoveAsync(e.CallId, SipCallStore.Connected, SipCallStore.Completed, agentId, agentId, ct))
            return;
        var status = await routing.CompleteAsync(agentId, call.CallId, ct);
        logger.LogInformation("SIP call {SipCallId}: {By} hung up; Routing completed the call: {Status}", e.CallId, e.By, (int)status);
    }

    private static string CallerNumber(string? user) =>
        user is { Length: >= 3 and <= 25 } && user.TrimStart('+').All(char.IsAsciiDigit) && user.Count(c => c == '+') <= 1 && user.LastIndexOf('+') <= 0
            ? user : "000";
}
