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

    public void AddAvailable(int agent) { ByIdle.Add(agent); ByRoundRobin.Add(agent); ByCalls.Add(agent); ByTalk.Add(agent); }
    public void RemoveAvailable(int agent) { ByIdle.Remove(agent); ByRoundRobin.Remove(agent); ByCalls.Remove(agent); ByTalk.Remove(agent); }

    public void UpdateTenants() =>
        TenantIds = Links.Select(l => l.Queue.TenantId).Distinct().Order(StringComparer.Ordinal).ToArray();
}
