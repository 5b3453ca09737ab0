using CallCentre.Contracts.Routing;

namespace CallCentre.Routing.Engine;

/// <summary>Per kind of contact, one heap per escalation tier in line order, one in order of entry (for the timers).
/// <see cref="Waiting"/> and <see cref="Arrival"/> are voice's.</summary>
internal sealed class WaitingLine
{
    public WaitingLine(int index, QueueConfiguration definition, TimeZoneInfo zone, CallTable calls, TenantCalendarSlot? calendar = null)
    {
        Index = index;
        Definition = definition;
        Id = definition.Id;
        TenantId = definition.TenantId;
        RequiredSkills = definition.RequiredSkills;
        WrapUp = TimeSpan.FromSeconds(definition.WrapUpSeconds);
        OfferTimeout = TimeSpan.FromSeconds(definition.OfferTimeoutSeconds);
        Strategy = Enum.TryParse<RoutingStrategy>(definition.Strategy, ignoreCase: true, out var strategy) ? strategy : RoutingStrategy.LongestIdle;
        Hours = definition.OpeningHours.Count == 0 ? null : new OpeningHours(zone, definition.OpeningHours, definition.ClosedOverflowQueue,
            calendar ?? new TenantCalendarSlot());
        var steps = definition.Escalations.OrderBy(s => s.AfterSeconds).ToList();
        _tierSteps = steps.Where(s => s.RequiredSkills is not null || s.AlsoOfferToQueue is not null).ToList();
        Tiers = 1 + _tierSteps.Count;
        TierAfter = new TimeSpan[Tiers];
        for (var t = 1; t < Tiers; t++)
            TierAfter[t] = TimeSpan.FromSeconds(_tierSteps[t - 1].AfterSeconds);
        Moves = steps.Where(s => s.MoveToQueue is not null)
            .Select(s => (TimeSpan.FromSeconds(s.AfterSeconds), (string?)s.MoveToQueue, "escalation")).ToList();
        if (definition.MaxWaitSeconds is { } maxWait)
            Moves.Add((TimeSpan.FromSeconds(maxWait), definition.OverflowQueue, "max-wait"));
        HasTimers = Tiers > 1 || Moves.Count > 0;
        _calls = calls;
        Lanes[0] = new WaitingLane(Tiers, calls);
        Waiting = Lanes[0]!.Waiting;
        Arrival = Lanes[0]!.Arrival;
        TierPools = new List<AgentPool>[Tiers];
        for (var t = 0; t < Tiers; t++)
            TierPools[t] = [];
    }

    private readonly CallTable _calls;
    /// <summary>Per <see cref="ContactKind"/>, made when the first contact of the kind waits; voice's always exists.</summary>
    public readonly WaitingLane?[] Lanes = new WaitingLane?[ContactKindNames.Count];

    public WaitingLane Lane(ContactKind kind) => Lanes[(int)kind] ??= new WaitingLane(Tiers, _calls);

    private readonly List<EscalationConfiguration> _tierSteps;
    public readonly int Index;
    public readonly QueueConfiguration Definition;
    public readonly string Id;
    public readonly string TenantId;
    public readonly IReadOnlyDictionary<string, int> RequiredSkills;
    public readonly TimeSpan WrapUp;
    public readonly TimeSpan OfferTimeout;
    public readonly RoutingStrategy Strategy;
    public readonly OpeningHours? Hours;
    public readonly int Tiers;
    public readonly TimeSpan[] TierAfter;
    public readonly List<(TimeSpan After, string? ToQueue, string Reason)> Moves;
    public readonly bool HasTimers;
    public readonly IndexedHeap[] Waiting;
    public readonly IndexedHeap[] Arrival;
    public readonly List<AgentPool>[] TierPools;
    /// <summary>Per pool: its levels on the required skills summed (for the most-skilled strategy).</summary>
    public int[] Proficiency = [];
    public int WaitingCount;
    public int EndedLegs;
    public double HandleSeconds;
    public bool Dirty;

    public void Link(List<AgentPool> pools, Dictionary<string, WaitingLine> queues)
    {
        foreach (var tierPools in TierPools)
            tierPools.Clear();
        Proficiency = new int[pools.Count];
        foreach (var pool in pools)
            LinkPool(pool, queues);
    }

    public void LinkPool(AgentPool pool, Dictionary<string, WaitingLine> queues)
    {
        if (pool.Index >= Proficiency.Length)
            Array.Resize(ref Proficiency, Math.Max(pool.Index + 1, Proficiency.Length * 2));
        Proficiency[pool.Index] = RequiredSkills.Sum(r => pool.Skills.GetValueOrDefault(r.Key));
        var tier = -1;
        if (pool.Meets(RequiredSkills))
            tier = 0;
        for (var t = 1; t < Tiers && tier < 0; t++)
        {
            var step = _tierSteps[t - 1];
            if (step.RequiredSkills is { } relaxed && pool.Meets(relaxed))
                tier = t;
            else if (step.AlsoOfferToQueue is { } other && queues.TryGetValue(other, out var otherQueue) &&
                     otherQueue.TenantId == TenantId && pool.Meets(otherQueue.RequiredSkills))
                tier = t;
        }
        if (tier < 0) return;
        TierPools[tier].Add(pool);
        pool.Links.Add((this, tier));
        if (tier == 0) pool.HomeQueues.Add(this);
    }

    public void Unlink()
    {
        foreach (var tierPools in TierPools)
        {
            foreach (var pool in tierPools)
            {
                pool.Links.RemoveAll(l => l.Queue == this);
                pool.HomeQueues.Remove(this);
            }
            tierPools.Clear();
        }
    }

    public bool AlsoOffersTo(string queueId) => _tierSteps.Exists(s => s.AlsoOfferToQueue == queueId);

    public int TierAfterWaiting(TimeSpan inQueue)
    {
        var tier = 0;
        while (tier + 1 < Tiers && inQueue >= TierAfter[tier + 1]) tier++;
        return tier;
    }
}
