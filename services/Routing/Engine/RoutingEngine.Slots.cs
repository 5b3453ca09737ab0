namespace CallCentre.Routing.Engine;

public sealed partial class RoutingEngine
{
    private sealed class CallSlot
    {
        public Guid Id;
        public string CallerHash = "";
        public int Priority;
        public DateTimeOffset QueuedAt;
        /// <summary>When the call entered its current queue: escalation and maximum-wait timers count from here.</summary>
        public DateTimeOffset EnteredAt;
        /// <summary><c>queuedAt − priority × ageing</c>, in ticks: smaller is served first.</summary>
        public long OrderKey;
        public long Sequence;
        public CallState State;
        public int Tier;
        public int Agent = -1;
        public int PreferredAgent = -1;
        public DateTimeOffset PreferredUntil;
        public DateTimeOffset OfferedAt;
        public DateTimeOffset AnsweredAt;
        /// <summary>The hold of the current leg (since <see cref="AnsweredAt"/>) that has ended, in seconds.</summary>
        public double HoldSeconds;
        /// <summary>When the current hold began; null while the call is not on hold.</summary>
        public DateTimeOffset? HeldSince;
        public QueueSlot Queue = null!;
    }

    private sealed class AgentSlot(int index, string id, Team team)
    {
        public readonly int Index = index;
        public readonly string Id = id;
        /// <summary>The agent's skill profile; an administrator's change moves it to another team (see <see cref="PendingTeam"/>).</summary>
        public Team Team = team;
        /// <summary>A skill change made while the agent had a call: it takes effect when the agent is done with the call.</summary>
        public Team? PendingTeam;
        public AgentState State = AgentState.LoggedOut;
        public string? Reason;
        public DateTimeOffset Since;
        public DateTimeOffset IdleSince;
        public DateTimeOffset OfferDeadline;
        public DateTimeOffset WrapUpEndsAt;
        /// <summary>The leg the agent's after-call work follows; null outside after-call work, or when the engine does not know
        /// it (a restored wrap-up whose leg was not kept).</summary>
        public WrapUpLeg? WrapUp;
        public int Call = -1;
        public int Missed;
        public long LastOfferSequence;
        public int CallsToday;
        public double TalkToday;
        public readonly List<int> PreferredCalls = [];
    }

    /// <summary>The call leg an agent's after-call work follows (<paramref name="StartedAt"/> is the leg's end): reported in
    /// <see cref="RoutingEvents.CallWrapUpEnded"/>, then with the leg's facts in <see cref="RoutingEvents.CallLegEnded"/>.</summary>
    public sealed record WrapUpLeg(Guid CallId, string TenantId, string QueueId, DateTimeOffset QueuedAt, DateTimeOffset StartedAt)
    {
        /// <summary>When the leg was answered; null for a leg restored from a store that did not keep its facts (then no
        /// <see cref="RoutingEvents.CallLegEnded"/> can be reported).</summary>
        public DateTimeOffset? AnsweredAt { get; init; }
        public double TalkSeconds { get; init; }
        public double HoldSeconds { get; init; }
        /// <summary>A <see cref="CallCentre.Contracts.Routing.CallLegEnd"/> value.</summary>
        public string? EndedBy { get; init; }
        public string? Disposition { get; init; }
    }

    /// <summary>Agents with the same skills: they are eligible for the same queues at the same tiers.</summary>
    private sealed class Team
    {
        public Team(int index, RoutingAgent profile, RoutingEngine engine)
        {
            Index = index;
            Skills = profile.Skills;
            ByIdle = new IndexedHeap(new AgentByIdle(engine));
            ByRoundRobin = new IndexedHeap(new AgentByLastOffer(engine));
            ByCalls = new IndexedHeap(new AgentByCallsToday(engine));
            ByTalk = new IndexedHeap(new AgentByTalkToday(engine));
        }

        public readonly int Index;
        public readonly IReadOnlyDictionary<string, int> Skills;
        public readonly List<AgentSlot> Members = [];
        public readonly IndexedHeap ByIdle, ByRoundRobin, ByCalls, ByTalk;
        /// <summary>The queues the team may serve and the tier from which it may.</summary>
        public readonly List<(QueueSlot Queue, int MinTier)> Links = [];
        /// <summary>The queues the team serves from the first tier: its agents count in their snapshots.</summary>
        public readonly List<QueueSlot> HomeQueues = [];

        /// <summary>The one eligibility rule: the queue offers its calls to this team from their first minute (its skills and
        /// languages; the queue's tenant follows).</summary>
        public bool IsEligibleFor(QueueSlot queue) => HomeQueues.Contains(queue);
        public readonly int[] StateCounts = new int[6];
        public string[] TenantIds = [];

        public bool Satisfies(IReadOnlyDictionary<string, int> required)
        {
            foreach (var (skill, level) in required)
                if (!Skills.TryGetValue(skill, out var have) || have < level)
                    return false;
            return true;
        }

        public IndexedHeap Available(RoutingStrategy strategy) => strategy switch
        {
            RoutingStrategy.RoundRobin => ByRoundRobin,
            RoutingStrategy.FewestCalls => ByCalls,
            RoutingStrategy.LeastTalkTime => ByTalk,
            _ => ByIdle,
        };

        public void AddAvailable(int agent) { ByIdle.Add(agent); ByRoundRobin.Add(agent); ByCalls.Add(agent); ByTalk.Add(agent); }
        public void RemoveAvailable(int agent) { ByIdle.Remove(agent); ByRoundRobin.Remove(agent); ByCalls.Remove(agent); ByTalk.Remove(agent); }
    }

    private sealed class QueueSlot
    {
        public QueueSlot(int index, RoutingQueue definition, RoutingEngine engine)
        {
            Index = index;
            Definition = definition;
            var steps = definition.Escalations.OrderBy(s => s.AfterSeconds).ToList();
            _tierSteps = steps.Where(s => s.RequiredSkills is not null || s.AlsoOfferToQueue is not null).ToList();
            Tiers = 1 + _tierSteps.Count;
            TierAfter = new TimeSpan[Tiers];
            for (var t = 1; t < Tiers; t++)
                TierAfter[t] = TimeSpan.FromSeconds(_tierSteps[t - 1].AfterSeconds);
            Moves = steps.Where(s => s.MoveToQueue is not null)
                .Select(s => (TimeSpan.FromSeconds(s.AfterSeconds), (string?)s.MoveToQueue, "escalation")).ToList();
            if (definition.Limits.MaxWaitSeconds is { } maxWait)
                Moves.Add((TimeSpan.FromSeconds(maxWait), definition.Limits.OverflowQueue, "max-wait"));
            HasTimers = Tiers > 1 || Moves.Count > 0;
            Waiting = new IndexedHeap[Tiers];
            Arrival = new IndexedHeap[Tiers];
            TierTeams = new List<Team>[Tiers];
            for (var t = 0; t < Tiers; t++)
            {
                Waiting[t] = new IndexedHeap(new CallByOrderKey(engine));
                Arrival[t] = new IndexedHeap(new CallByEntry(engine));
                TierTeams[t] = [];
            }
        }

        private readonly List<EscalationStep> _tierSteps;
        public readonly int Index;
        public readonly RoutingQueue Definition;
        public readonly int Tiers;
        public readonly TimeSpan[] TierAfter;
        public readonly List<(TimeSpan After, string? ToQueue, string Reason)> Moves;
        public readonly bool HasTimers;
        public readonly IndexedHeap[] Waiting;
        public readonly IndexedHeap[] Arrival;
        /// <summary>The teams that become eligible at each tier (tier 0: those with the required skills).</summary>
        public readonly List<Team>[] TierTeams;
        /// <summary>Per team: the sum of its levels on this queue's required skills (for the most-skilled strategy).</summary>
        public int[] Proficiency = [];
        public int WaitingCount;
        /// <summary>Legs ended in this queue and their handle time: the average handle time of the estimated wait.</summary>
        public int EndedLegs;
        public double HandleSeconds;
        public bool Dirty;

        /// <summary>Works out, once all queues and teams are known, which teams may serve this queue from which tier.</summary>
        public void Link(List<Team> teams, Dictionary<string, QueueSlot> queues)
        {
            foreach (var tierTeams in TierTeams)
                tierTeams.Clear();
            Proficiency = new int[teams.Count];
            foreach (var team in teams)
                LinkTeam(team, queues);
        }

        /// <summary>Links one team, if its skills let it serve this queue at some tier (a team created after the queue).</summary>
        public void LinkTeam(Team team, Dictionary<string, QueueSlot> queues)
        {
            if (team.Index >= Proficiency.Length)
                Array.Resize(ref Proficiency, Math.Max(team.Index + 1, Proficiency.Length * 2));
            Proficiency[team.Index] = Definition.RequiredSkills.Sum(r => team.Skills.GetValueOrDefault(r.Key));
            var tier = -1;
            if (team.Satisfies(Definition.RequiredSkills))
                tier = 0;
            for (var t = 1; t < Tiers && tier < 0; t++)
            {
                var step = _tierSteps[t - 1];
                if (step.RequiredSkills is { } relaxed && team.Satisfies(relaxed))
                    tier = t;
                else if (step.AlsoOfferToQueue is { } other && queues.TryGetValue(other, out var otherQueue) &&
                         otherQueue.Definition.TenantId == Definition.TenantId && team.Satisfies(otherQueue.Definition.RequiredSkills))
                    tier = t;
            }
            if (tier < 0) return;
            TierTeams[tier].Add(team);
            team.Links.Add((this, tier));
            if (tier == 0) team.HomeQueues.Add(this);
        }

        /// <summary>Removes this queue from the teams that serve it (it is being replaced or relinked).</summary>
        public void Unlink()
        {
            foreach (var tierTeams in TierTeams)
            {
                foreach (var team in tierTeams)
                {
                    team.Links.RemoveAll(l => l.Queue == this);
                    team.HomeQueues.Remove(this);
                }
                tierTeams.Clear();
            }
        }

        /// <summary>Whether an escalation step of this queue offers its calls to <paramref name="queueId"/>'s agents.</summary>
        public bool AlsoOffersTo(string queueId) => _tierSteps.Exists(s => s.AlsoOfferToQueue == queueId);
    }

    private sealed class CallByOrderKey(RoutingEngine e) : HeapOrder
    {
        public override bool Before(int a, int b) => e.CallBefore(a, b);
    }

    private sealed class CallByEntry(RoutingEngine e) : HeapOrder
    {
        public override bool Before(int a, int b)
        {
            var x = e._calls[a];
            var y = e._calls[b];
            return x.EnteredAt != y.EnteredAt ? x.EnteredAt < y.EnteredAt : x.Sequence < y.Sequence;
        }
    }

    private sealed class CallByPreferredDeadline(RoutingEngine e) : HeapOrder
    {
        public override bool Before(int a, int b) => e._calls[a].PreferredUntil < e._calls[b].PreferredUntil ||
                                                      (e._calls[a].PreferredUntil == e._calls[b].PreferredUntil && a < b);
    }

    private abstract class AgentOrder(RoutingEngine e) : HeapOrder
    {
        protected AgentSlot A(int i) => e._agents[i];
        protected static bool ByIdle(AgentSlot x, AgentSlot y) => x.IdleSince != y.IdleSince ? x.IdleSince < y.IdleSince : x.Index < y.Index;
    }

    private sealed class AgentByIdle(RoutingEngine e) : AgentOrder(e)
    {
        public override bool Before(int a, int b) => ByIdle(A(a), A(b));
    }

    private sealed class AgentByLastOffer(RoutingEngine e) : AgentOrder(e)
    {
        public override bool Before(int a, int b) =>
            A(a).LastOfferSequence != A(b).LastOfferSequence ? A(a).LastOfferSequence < A(b).LastOfferSequence : a < b;
    }

    private sealed class AgentByCallsToday(RoutingEngine e) : AgentOrder(e)
    {
        public override bool Before(int a, int b) => A(a).CallsToday != A(b).CallsToday ? A(a).CallsToday < A(b).CallsToday : ByIdle(A(a), A(b));
    }

    private sealed class AgentByTalkToday(RoutingEngine e) : AgentOrder(e)
    {
        public override bool Before(int a, int b) => A(a).TalkToday != A(b).TalkToday ? A(a).TalkToday < A(b).TalkToday : ByIdle(A(a), A(b));
    }

    private sealed class AgentByOfferDeadline(RoutingEngine e) : AgentOrder(e)
    {
        public override bool Before(int a, int b) => A(a).OfferDeadline != A(b).OfferDeadline ? A(a).OfferDeadline < A(b).OfferDeadline : a < b;
    }

    private sealed class AgentByWrapUpEnd(RoutingEngine e) : AgentOrder(e)
    {
        public override bool Before(int a, int b) => A(a).WrapUpEndsAt != A(b).WrapUpEndsAt ? A(a).WrapUpEndsAt < A(b).WrapUpEndsAt : a < b;
    }
}
