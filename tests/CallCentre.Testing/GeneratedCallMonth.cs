using CallCentre.Contracts.Routing;

namespace CallCentre.Testing;

/// <summary>One agent's part of a generated call: answered, then ended by a transfer or the completion. Talk and hold are the
/// leg's, the wrap-up the one its agent actually did (<see cref="ReportedWrapUpSeconds"/>, when Routing reported it in a
/// CallWrapUpEnded) or else the queue's configured one.</summary>
public sealed record GeneratedLeg(
    string QueueId, string AgentId, DateTimeOffset AnsweredAt, DateTimeOffset EndedAt, string EndedBy, string? ToQueueId,
    double TalkSeconds, double HoldSeconds, double ConfiguredWrapUpSeconds, double? ReportedWrapUpSeconds)
{
    public double WrapUpSeconds => ReportedWrapUpSeconds ?? ConfiguredWrapUpSeconds;
    public double HandleSeconds => HandleTime.Of(TalkSeconds, HoldSeconds, WrapUpSeconds);
}

/// <summary>A generated call as it happened: its arrival, how it left the queue, its ended legs and, when
/// <see cref="AnsweredInProgressAt"/> is set, a leg still connected.</summary>
public sealed record GeneratedCall(
    Guid CallId, string TenantId, string QueueId, DateTimeOffset QueuedAt, IReadOnlyList<GeneratedLeg> Legs,
    DateTimeOffset? AnsweredInProgressAt = null, DateTimeOffset? AbandonedAt = null, DateTimeOffset? RejectedAt = null,
    string? RejectReason = null)
{
    public bool IsCompleted => Legs.Any(l => l.EndedBy == CallLegEnd.Completed);
    public DateTimeOffset? CompletedAt => Legs.FirstOrDefault(l => l.EndedBy == CallLegEnd.Completed)?.EndedAt;
    public DateTimeOffset? FirstAnsweredAt => Legs.Count > 0 ? Legs[0].AnsweredAt : AnsweredInProgressAt;
    public int Transfers => Legs.Count(l => l.EndedBy == CallLegEnd.Transferred);

    /// <summary>The call's handle time by the one definition: every leg, once the call completed.</summary>
    public double? HandleSeconds => IsCompleted ? HandleTime.Of(Legs.Select(LegEnded)) : null;

    /// <summary>The events that stay: arrival, every answer, abandon, rejection.</summary>
    public IEnumerable<object> OutcomeEvents()
    {
        yield return new CallQueued(CallId, TenantId, QueueId, "hash", 5, QueuedAt);
        foreach (var leg in Legs)
            yield return new CallAnswered(CallId, TenantId, leg.QueueId, leg.AgentId, QueuedAt, leg.AnsweredAt);
        if (AnsweredInProgressAt is { } at)
            yield return new CallAnswered(CallId, TenantId, Legs.LastOrDefault()?.ToQueueId ?? QueueId, "agent-now", QueuedAt, at);
        if (AbandonedAt is { } abandoned)
            yield return new CallAbandoned(CallId, TenantId, QueueId, QueuedAt, abandoned);
        if (RejectedAt is { } rejected)
            yield return new CallRejected(CallId, TenantId, QueueId, RejectReason ?? "", QueuedAt, rejected);
    }

    /// <summary>The outcome events and one <see cref="CallLegEnded"/> per ended leg.</summary>
    public IEnumerable<object> LegEvents() => OutcomeEvents().Concat(Legs.Select(LegEnded));

    /// <summary>The outcome events and what Routing published for the legs before <see cref="CallLegEnded"/>: a transfer, the
    /// completion with the configured wrap-up, and the wrap-up actually done when reported.</summary>
    public IEnumerable<object> LegacyEvents()
    {
        foreach (var e in OutcomeEvents())
            yield return e;
        foreach (var leg in Legs)
        {
            if (leg.EndedBy == CallLegEnd.Transferred)
                yield return new CallTransferred(CallId, TenantId, leg.QueueId, leg.ToQueueId!, leg.AgentId, QueuedAt, leg.EndedAt,
                    leg.HoldSeconds, leg.ConfiguredWrapUpSeconds);
            else
                yield return new CallCompleted(CallId, TenantId, leg.QueueId, leg.AgentId, QueuedAt, leg.AnsweredAt, leg.EndedAt,
                    leg.TalkSeconds, leg.ConfiguredWrapUpSeconds, "resolved", leg.HoldSeconds);
            if (leg.ReportedWrapUpSeconds is { } done)
                yield return new CallWrapUpEnded(CallId, TenantId, leg.QueueId, QueuedAt, leg.AgentId, leg.EndedAt,
                    leg.EndedAt.AddSeconds(done), done);
        }
    }

    public CallLegEnded LegEnded(GeneratedLeg leg) => new(CallId, TenantId, leg.QueueId, leg.AgentId, QueuedAt, leg.AnsweredAt,
        leg.EndedAt, leg.EndedBy, leg.TalkSeconds, leg.HoldSeconds, leg.WrapUpSeconds,
        leg.EndedBy == CallLegEnd.Completed ? "resolved" : null);
}

/// <summary>A seeded month of calls over two queues of a tenant (and a third it transfers to, outside reports): answers with
/// holds and wrap-ups (reported or not), transfers (up to two per call, some still in progress), abandons, rejections and
/// calls still waiting. Durations are multiples of 1/8 s, so that their sums are exact in any order and reports built from
/// different records of the same calls can be compared figure for figure.</summary>
public static class GeneratedCallMonth
{
    public static List<GeneratedCall> Generate(int seed, string tenantId, string[] queues, DateTimeOffset from, DateTimeOffset to,
        int calls, bool transfers = true)
    {
        var random = new Random(seed);
        var span = (long)(to - from).TotalMilliseconds;
        var result = new List<GeneratedCall>(calls);
        double Eighths(int max) => random.Next(max * 8 + 1) / 8.0;
        for (var i = 0; i < calls; i++)
        {
            var id = new Guid(Enumerable.Range(0, 16).Select(_ => (byte)random.Next(256)).ToArray());
            var queue = queues[random.Next(queues.Length)];
            var queuedAt = from.AddMilliseconds(random.NextInt64(span));
            var wait = random.Next(3) == 0 ? 1000L * random.Next(0, 41) : random.NextInt64(0, 90_000);
            var pick = random.Next(20);
            if (pick < 10)
            {
                var legs = new List<GeneratedLeg>();
                var legQueue = queue;
                var answeredAt = queuedAt.AddMilliseconds(wait);
                var hops = transfers && random.Next(4) == 0 ? random.Next(1, 3) : 0;
                DateTimeOffset? inProgress = null;
                for (var hop = 0; hop <= hops; hop++)
                {
                    var hold = random.Next(3) == 0 ? Eighths(40) : 0;
                    var talk = Eighths(400);
                    var endedAt = answeredAt.AddMilliseconds((talk + hold) * 1000);
                    var configured = Eighths(60);
                    double? reported = random.Next(3) > 0 ? Math.Min(configured, Eighths(60)) : null;
                    var last = hop == hops;
                    if (last && random.Next(8) == 0)
                    {
                        inProgress = answeredAt; // still talking
                        break;
                    }
                    var next = last ? null : queues.Concat(["q-elsewhere"]).Where(q => q != legQueue).ElementAt(random.Next(queues.Length));
                    legs.Add(new GeneratedLeg(legQueue, $"agent-{random.Next(30)}", answeredAt, endedAt,
                        last ? CallLegEnd.Completed : CallLegEnd.Transferred, next, talk, hold, configured, reported));
                    if (!last)
                    {
                        legQueue = next!;
                        answeredAt = endedAt.AddMilliseconds(random.Next(500, 30_000));
                    }
                }
                result.Add(new GeneratedCall(id, tenantId, queue, queuedAt, legs, AnsweredInProgressAt: inProgress));
            }
            else if (pick < 15)
                result.Add(new GeneratedCall(id, tenantId, queue, queuedAt, [], AbandonedAt: queuedAt.AddMilliseconds(wait)));
            else if (pick < 18)
                result.Add(new GeneratedCall(id, tenantId, queue, queuedAt, [], RejectedAt: queuedAt.AddMilliseconds(wait % 5000),
                    RejectReason: random.Next(3) switch { 0 => "closed", 1 => "full", _ => "max-wait" }));
            else
                result.Add(new GeneratedCall(id, tenantId, queue, queuedAt, []));
        }
        return result;
    }

    /// <summary>The same call made for another tenant, with an id of its own (a call id is unique across tenants).</summary>
    public static GeneratedCall ForTenant(this GeneratedCall call, string tenantId)
    {
        var bytes = call.CallId.ToByteArray();
        for (var i = 0; i < tenantId.Length; i++)
            bytes[i % 16] ^= (byte)(tenantId[i] * (i + 1));
        return call with { CallId = new Guid(bytes), TenantId = tenantId };
    }

    /// <summary>Every event of <paramref name="calls"/> once, a fifth of them again, all in one seeded shuffle.</summary>
    public static List<object> RepeatedAndShuffled(IEnumerable<object> events, int seed)
    {
        var random = new Random(seed);
        var all = events.ToList();
        all.AddRange(all.Where(_ => random.Next(5) == 0).ToList());
        for (var i = all.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (all[i], all[j]) = (all[j], all[i]);
        }
        return all;
    }
}
