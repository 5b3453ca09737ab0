namespace CallCentre.Routing.Engine;

internal sealed class AgentRoster
{
    private readonly List<AgentSeat> _seats = [];
    private readonly Dictionary<string, AgentSeat> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AgentPool> _poolByProfile = new(StringComparer.Ordinal);

    public AgentSeat this[int index] => _seats[index];
    public IReadOnlyList<AgentSeat> Seats => _seats;
    public List<AgentPool> Pools { get; } = [];
    public bool TryFind(string agentId, out AgentSeat seat) => _byId.TryGetValue(agentId, out seat!);
    public bool Contains(string agentId) => _byId.ContainsKey(agentId);

    public AgentSeat Add(string agentId, AgentPool pool)
    {
        var seat = new AgentSeat(_seats.Count, agentId, pool);
        pool.Members.Add(seat);
        pool.StateCounts[(int)AgentState.LoggedOut]++;
        _seats.Add(seat);
        _byId.Add(agentId, seat);
        return seat;
    }

    public AgentPool PoolFor(RoutingAgent agent, out bool created)
    {
        var profile = string.Join(',', agent.Skills.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}:{s.Value}"));
        created = false;
        if (_poolByProfile.TryGetValue(profile, out var pool))
            return pool;
        pool = new AgentPool(Pools.Count, agent.Skills, this);
        Pools.Add(pool);
        _poolByProfile.Add(profile, pool);
        created = true;
        return pool;
    }
}
