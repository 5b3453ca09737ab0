using CallCentre.Contracts.Routing;

namespace CallCentre.Routing.Engine;

/// <summary>Where a callback stands: <see cref="None"/> for every other contact (and a callback queued as such).</summary>
public enum CallbackStage { None, Waiting, Dialing, Connected }

/// <summary>A waiting caller turned into a callback, dialled by the PBX once an agent accepts it (docs/routing.md, Callbacks).</summary>
internal sealed class CallbackDialling(RoutingEngine engine)
{
    public const int DefaultAttempts = 3;
    public static readonly TimeSpan DefaultSpacing = TimeSpan.FromMinutes(5);

    public RoutingOutcome Request(Guid callId, DateTimeOffset now)
    {
        if (!engine.Calls.TryFind(callId, out var index)) return RoutingOutcome.UnknownCall;
        var call = engine.Calls[index];
        if (call.Callback != CallbackStage.None) return RoutingOutcome.Duplicate;
        if (call.Kind != ContactKind.Voice || call.State != CallState.Waiting) return RoutingOutcome.InvalidState;
        var distributor = engine.Distributor;
        distributor.RemoveWaiting(index);
        call.PreferredAgent = -1;
        call.Kind = ContactKind.Callback;
        call.Callback = CallbackStage.Waiting;
        engine.Events.CallbackRequested(call.Id, call.Queue.TenantId, call.Queue.Id, call.QueuedAt, now);
        // Same order key and tier: the callback keeps the caller's place in line.
        distributor.AddWaiting(index, call.Queue);
        distributor.MarkDirty(call.Queue);
        distributor.TryMatchCall(index, now);
        return RoutingOutcome.Ok;
    }

    /// <summary>A callback the customer booked for a window: out of line until the window starts, then offered with the window's
    /// start as its arrival (its wait and service level count from there); no dial starts at or after <paramref name="windowEnd"/>.</summary>
    public RoutingOutcome Schedule(Guid callId, string queueId, string callerHash, DateTimeOffset dueAt, DateTimeOffset windowEnd, DateTimeOffset now)
    {
        if (!engine.LineById.TryGetValue(queueId, out var queue)) return RoutingOutcome.UnknownQueue;
        if (engine.Calls.Contains(callId)) return RoutingOutcome.Duplicate;
        var index = engine.Calls.Allocate(callId);
        var call = engine.Calls[index];
        call.CallerHash = callerHash;
        call.Priority = Math.Clamp(queue.Definition.Priority, 1, 10);
        call.QueuedAt = dueAt;
        call.EnteredAt = dueAt;
        call.OrderKey = engine.OrderKey(dueAt, call.Priority);
        call.Kind = ContactKind.Callback;
        call.Callback = CallbackStage.Waiting;
        call.PreferredAgent = -1;
        call.Agent = -1;
        call.Tier = 0;
        call.Queue = queue;
        call.WindowEnd = windowEnd;
        engine.Deadlines.CallbackWindowEnds.Add(index);
        engine.Events.CallQueued(callId, queue.TenantId, queue.Id, callerHash, call.Priority, dueAt, ContactKinds.Callback);
        engine.Events.CallbackRequested(callId, queue.TenantId, queue.Id, dueAt, now, dueAt, windowEnd);
        engine.Distributor.MarkDirty(queue);
        if (dueAt > now)
        {
            Park(index, dueAt);
            return RoutingOutcome.Ok;
        }
        call.State = CallState.Waiting;
        engine.Distributor.AddWaiting(index, queue);
        engine.Distributor.TryMatchCall(index, now);
        return RoutingOutcome.Ok;
    }

    /// <summary>The agent accepted: the PBX dials; the customer is not reached yet, so nothing is answered.</summary>
    public void Dial(AgentSeat agent, int index, DateTimeOffset now)
    {
        var call = engine.Calls[index];
        engine.Deadlines.ContactOffers.Remove(index);
        call.State = CallState.OnCall;
        call.AnsweredAt = now;
        call.Callback = CallbackStage.Dialing;
        agent.Missed = 0;
        engine.Events.CallbackDialRequested(call.Id, call.Queue.TenantId, call.Queue.Id, agent.Id, call.CallbackAttempts + 1, call.QueuedAt, now);
        engine.Distributor.MarkDirty(call.Queue);
    }

    /// <summary><see cref="RoutingOutcome.Duplicate"/> for an attempt already recorded.</summary>
    public RoutingOutcome Attempted(Guid callId, int attempt, string outcome, DateTimeOffset now)
    {
        if (!engine.Calls.TryFind(callId, out var index)) return RoutingOutcome.UnknownCall;
        var call = engine.Calls[index];
        if (call.Callback == CallbackStage.None) return RoutingOutcome.InvalidState;
        if (attempt >= 1 && attempt <= call.CallbackAttempts) return RoutingOutcome.Duplicate;
        if (call.Callback != CallbackStage.Dialing || attempt != call.CallbackAttempts + 1) return RoutingOutcome.InvalidState;
        var (queue, agent, distributor) = (call.Queue, engine.Roster[call.Agent], engine.Distributor);
        call.CallbackAttempts = attempt;
        distributor.MarkDirty(queue);
        if (outcome == CallbackOutcomes.Connected)
        {
            call.Callback = CallbackStage.Connected;
            call.AnsweredAt = now;
            engine.Deadlines.CallbackWindowEnds.Remove(index);
            engine.Events.CallbackAttempted(call.Id, queue.TenantId, queue.Id, agent.Id, attempt, outcome, call.QueuedAt, now, null, true);
            engine.Events.CallAnswered(call.Id, queue.TenantId, queue.Id, agent.Id, call.QueuedAt, now, ContactKinds.Callback);
            return RoutingOutcome.Ok;
        }
        var retryAt = now + (queue.Definition.CallbackSpacingSeconds is { } s ? TimeSpan.FromSeconds(s) : DefaultSpacing);
        var final = attempt >= Math.Max(1, queue.Definition.CallbackAttempts ?? DefaultAttempts) || retryAt >= call.WindowEnd;
        engine.Events.CallbackAttempted(call.Id, queue.TenantId, queue.Id, agent.Id, attempt, outcome, call.QueuedAt, now, final ? null : retryAt, final);
        distributor.ReleaseContact(agent, index, now);
        call.Agent = -1;
        if (final)
        {
            engine.Deadlines.CallbackWindowEnds.Remove(index);
            engine.Events.CallAbandoned(call.Id, queue.TenantId, queue.Id, call.QueuedAt, now, ContactKinds.Callback);
            engine.Calls.Free(index);
        }
        else
        {
            Park(index, retryAt);
        }
        distributor.Sync(agent);
        distributor.TryMatchAgent(agent, now, exclude: -1);
        return RoutingOutcome.Ok;
    }

    /// <summary>Out of line until <paramref name="retryAt"/>; then back with its first order key.</summary>
    public void Park(int index, DateTimeOffset retryAt)
    {
        var call = engine.Calls[index];
        call.State = CallState.Waiting;
        call.Callback = CallbackStage.Waiting;
        call.RetryAt = retryAt;
        engine.Deadlines.CallbackRetries.Add(index);
    }

    public void Tick(DateTimeOffset now)
    {
        var retries = engine.Deadlines.CallbackRetries;
        _due.Clear();
        while (retries.Peek() is var c and >= 0 && engine.Calls[c].RetryAt <= now)
        {
            retries.Remove(c);
            if (engine.Calls[c].WindowEnd <= now) continue;
            engine.Distributor.AddWaiting(c, engine.Calls[c].Queue);
            engine.Distributor.MarkDirty(engine.Calls[c].Queue);
            _due.Add(c);
        }
        var windowEnds = engine.Deadlines.CallbackWindowEnds;
        while (windowEnds.Peek() is var w and >= 0 && engine.Calls[w].WindowEnd <= now)
        {
            windowEnds.Remove(w);
            // A dial under way finishes; one not started never will: the callback ends unreached.
            if (engine.Calls[w].Callback is CallbackStage.Waiting)
                engine.Abandon(engine.Calls[w].Id, now);
        }
        if (_due.Count > 1) _due.Sort((a, b) => engine.Calls.Before(a, b) ? -1 : engine.Calls.Before(b, a) ? 1 : 0);
        foreach (var c in _due)
            engine.Distributor.TryMatchCall(c, now);
    }

    private readonly List<int> _due = [];

    /// <summary>What the PBX has to dial now, for the tenants <paramref name="canSee"/> allows.</summary>
    public IReadOnlyList<CallbackDialView> Dials(Func<string, bool> canSee)
    {
        var dials = new List<CallbackDialView>();
        for (var i = 0; i < engine.Calls.SlotsUsed; i++)
        {
            var call = engine.Calls[i];
            if (call.State != CallState.OnCall || call.Callback != CallbackStage.Dialing || !canSee(call.Queue.TenantId)) continue;
            dials.Add(new CallbackDialView(call.Id, call.Queue.TenantId, call.Queue.Id, engine.Roster[call.Agent].Id, call.CallbackAttempts + 1,
                call.AnsweredAt));
        }
        return dials;
    }
}

public sealed record CallbackDialView(Guid CallId, string TenantId, string QueueId, string AgentId, int Attempt, DateTimeOffset RequestedAt);
