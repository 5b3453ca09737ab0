namespace CallCentre.Routing.Engine;

/// <summary>Agents with identical skills: eligible for the same queues at the same tiers.</summary>
internal sealed class AgentPool
{
    public AgentPool(int index, IReadOnlyDictionary<string, int> skills, AgentRoster agents)
    {
        Index = index;
        Skills = skills;
        ByIdle = new IndexedHeap(new AgentByIdle(agents));
        ByRoundRobin = new IndexedHeap(new AgentByLastOffer(agents));
        ByCalls = new IndexedHeap(new AgentByCallsToday(agents));
        ByTalk = new IndexedHeap(new AgentByTalkToday(agents));
    }

    public readonly int Index;
    public readonly IReadOnlyDictionary<string, int> Skills;
    public readonly List<AgentSeat> Members = [];
    public readonly IndexedHeap ByIdle, ByRoundRobin, ByCalls, ByTalk;
    public readonly List<(WaitingLine Queue, int MinTier)> Links = [];
    public readonly List<WaitingLine> HomeQueues = [];
    public readonly int[] StateCounts = new int[6];
    public string[] TenantIds = [];

    public bool IsEligibleFor(WaitingLine queue) => HomeQueues.Contains(queue);

    public bool Meets(IReadOnlyDictionary<string, int> required) => Eligibility.Meets(Skills, required);

    public IndexedHeap Available(RoutingStrategy strategy) => strategy switch
    {
        RoutingStrategy.RoundRobin => ByRoundRobin,
        RoutingStrategy.FewestCalls => ByCalls,
        RoutingStrategy.LeastTalkTime => ByTalk,
        _ => ByIdle,
    };

    /// <summary>Per kind other than voice, per strategy: the members with room for a contact of that kind.</summary>
    private readonly IndexedHeap[]?[] _kinds = new IndexedHeap[]?[ContactKindNames.Count];

    public IndexedHeap? ForKind(ContactKind kind, RoutingStrategy strategy) =>
        _kinds[(int)kind] is { } heaps ? heaps[HeapOf(strategy)] : null;

    private static int HeapOf(RoutingStrategy strategy) => strategy switch
    {
        RoutingStrategy.RoundRobin => 1,
        RoutingStrategy.FewestCalls => 2,
        RoutingStrategy.LeastTalkTime => 3,
        _ => 0,
    };

    public bool HasRoom(ContactKind kind, int agent) => _kinds[(int)kind] is { } heaps && heaps[0].Contains(agent);

    public void AddForKind(ContactKind kind, int agent, AgentRoster agents)
    {
        var heaps = _kinds[(int)kind] ??=
        [
            new IndexedHeap(new AgentForKind(agents, (int)kind, RoutingStrategy.LongestIdle)),
            new IndexedHeap(new AgentForKind(agents, (int)kind, RoutingStrategy.RoundRobin)),
            new IndexedHeap(new AgentForKind(agents, (int)kind, RoutingStrategy.FewestCalls)),
            new IndexedHeap(new AgentForKind(agents, (int)kind, RoutingStrategy.LeastTalkTime)),
        ];
        foreach (var heap in heaps) heap.Add(agent);
    }

    public void RemoveForKind(ContactKind kind, int agent)
    {
        if (_kinds[(int)kind] is not { } heaps) return;
        foreach (var heap in heaps) heap.Remove(agent);
    }

    public void AddAvailable(int agent) { ByIdle.Add(agent); ByRoundRobin.Add(agent); ByCalls.Add(agent); ByTalk.Add(agent); }
    public void RemoveAvailable(int agent) { ByIdle.Remove(agent); ByRoundRobin.Remove(agent); ByCalls.Remove(agent); ByTalk.Remove(agent); }

    public void UpdateTenants() =>
        TenantIds = Links.Select(l => l.Queue.TenantId).Distinct().Order(StringComparer.Ordinal).ToArray();
}
