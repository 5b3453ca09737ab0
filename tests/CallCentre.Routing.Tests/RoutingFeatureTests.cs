using CallCentre.Contracts.Routing;
using CallCentre.Routing.Engine;

namespace CallCentre.Routing.Tests;

/// <summary>Ageing priorities, strategies, escalation and overflow, queue limits, preferred agents, transfers, supervisor
/// overrides and restart, each on a small hand-built centre.</summary>
public class RoutingFeatureTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero); // a Friday, 09:00 in Paris
    private static readonly Dictionary<string, int> BankFr = new() { ["banking"] = 4, ["fr"] = 3 };

    private static QueueConfiguration Queue(string id, int priority = 5, RoutingStrategy strategy = RoutingStrategy.LongestIdle,
        Dictionary<string, int>? skills = null) =>
        TestQueues.Queue(id, "bank", skills ?? BankFr, priority) with { Strategy = strategy.ToString() };

    private static RoutingAgent Agent(string id, int banking = 4, int fr = 5) => new(id, new Dictionary<string, int> { ["banking"] = banking, ["fr"] = fr });

    private static IncomingCall Call(string queue, int? priority = null, string? preferred = null) =>
        new(Guid.NewGuid(), queue, "hash", priority) { PreferredAgentId = preferred };

    [Fact]
    public void LowPriorityCall_AgesPastNewHighPriorityCalls_SoItIsNeverStarved()
    {
        var engine = new RoutingEngine([Queue("q")], [Agent("a")]);
        var old = Call("q", priority: 1);
        engine.Enqueue(old, T0);
        // Ageing 30 s a level: after 9 levels' worth of waiting (270 s) plus a second it outranks a fresh priority-10 call.
        var urgent = Call("q", priority: 10);
        engine.Enqueue(urgent, T0.AddSeconds(271));
        engine.SetAgentState("a", AgentState.Available, null, T0.AddSeconds(272));
        Assert.Equal("a", engine.FindCall(old.CallId)!.AgentId);

        var engine2 = new RoutingEngine([Queue("q")], [Agent("a")]);
        var old2 = Call("q", priority: 1);
        engine2.Enqueue(old2, T0);
        var urgent2 = Call("q", priority: 10);
        engine2.Enqueue(urgent2, T0.AddSeconds(269)); // not yet: the urgent call still scores higher
        engine2.SetAgentState("a", AgentState.Available, null, T0.AddSeconds(272));
        Assert.Equal("a", engine2.FindCall(urgent2.CallId)!.AgentId);
    }

    [Fact]
    public void MostSkilled_PrefersTheBestProficiency_OverTheLongestIdle()
    {
        var engine = new RoutingEngine([Queue("q", strategy: RoutingStrategy.MostSkilled)], [Agent("good", 4, 3), Agent("best", 5, 5)]);
        engine.SetAgentState("good", AgentState.Available, null, T0);
        engine.SetAgentState("best", AgentState.Available, null, T0.AddSeconds(30));
        var call = Call("q");
        engine.Enqueue(call, T0.AddSeconds(60));
        Assert.Equal("best", engine.FindCall(call.CallId)!.AgentId);
    }

    [Fact]
    public void RoundRobin_GoesToTheAgentOfferedLeastRecently()
    {
        var engine = new RoutingEngine([Queue("q", strategy: RoutingStrategy.RoundRobin)], [Agent("a"), Agent("b", 5, 4)]);
        engine.SetAgentState("a", AgentState.Available, null, T0);
        engine.SetAgentState("b", AgentState.Available, null, T0);
        var first = Call("q");
        engine.Enqueue(first, T0.AddSeconds(1));
        var firstAgent = engine.FindCall(first.CallId)!.AgentId!;
        engine.Answer(firstAgent, first.CallId, T0.AddSeconds(2));
        engine.Complete(firstAgent, first.CallId, null, T0.AddSeconds(3)); // available again, and now the longest idle? no: just idle
        var second = Call("q");
        engine.Enqueue(second, T0.AddSeconds(4));
        Assert.NotEqual(firstAgent, engine.FindCall(second.CallId)!.AgentId);
    }

    [Fact]
    public void FewestCalls_And_LeastTalkTime_BalanceTheDay()
    {
        foreach (var strategy in new[] { RoutingStrategy.FewestCalls, RoutingStrategy.LeastTalkTime })
        {
            var engine = new RoutingEngine([Queue("q", strategy: strategy)], [Agent("busy"), Agent("fresh", 5, 4)]);
            engine.SetAgentState("busy", AgentState.Available, null, T0);
            var call = Call("q");
            engine.Enqueue(call, T0);
            engine.Answer("busy", call.CallId, T0.AddSeconds(1));
            engine.Complete("busy", call.CallId, null, T0.AddSeconds(300));
            engine.SetAgentState("fresh", AgentState.Available, null, T0.AddSeconds(400)); // busy is the longest idle
            var next = Call("q");
            engine.Enqueue(next, T0.AddSeconds(500));
            Assert.Equal("fresh", engine.FindCall(next.CallId)!.AgentId);
        }
    }

    [Fact]
    public void Escalation_AcceptsLowerProficiencyAfterItsDelay()
    {
        var queue = Queue("q") with { };
        queue = queue with { Escalations = [new EscalationConfiguration(30, RequiredSkills: new Dictionary<string, int> { ["banking"] = 2, ["fr"] = 3 })] };
        var engine = new RoutingEngine([queue], [Agent("junior", banking: 2)]);
        engine.SetAgentState("junior", AgentState.Available, null, T0);
        var call = Call("q");
        engine.Enqueue(call, T0);
        engine.Tick(T0.AddSeconds(29));
        Assert.Equal(CallState.Waiting, engine.FindCall(call.CallId)!.State);
        engine.Tick(T0.AddSeconds(30));
        Assert.Equal("junior", engine.FindCall(call.CallId)!.AgentId);
    }

    [Fact]
    public void Escalation_AlsoOffersToAnotherQueuesAgents_ThenMovesTheCall_KeepingItsArrivalTime()
    {
        var insurance = new Dictionary<string, int> { ["insurance"] = 2, ["fr"] = 3 };
        var bank = Queue("bank") with
        {
            Escalations = [new EscalationConfiguration(60, AlsoOfferToQueue: "insure"), new EscalationConfiguration(120, MoveToQueue: "overflow")],
        };
        var engine = new RoutingEngine(
            [bank, Queue("insure", skills: insurance), Queue("overflow", skills: new Dictionary<string, int> { ["fr"] = 1 })],
            [new RoutingAgent("insurer", new Dictionary<string, int> { ["insurance"] = 3, ["fr"] = 4 })]);
        var call = Call("bank");
        engine.Enqueue(call, T0);
        engine.Tick(T0.AddSeconds(61));
        Assert.Equal(CallState.Waiting, engine.FindCall(call.CallId)!.State); // the insurer is logged out
        engine.Tick(T0.AddSeconds(121));
        var moved = engine.FindCall(call.CallId)!;
        Assert.Equal("overflow", moved.QueueId);
        Assert.Equal(T0, moved.QueuedAt);
        var overflowed = Assert.Single(engine.DrainEvents().OfType<CallOverflowed>());
        Assert.Equal(("bank", "overflow", "escalation"), (overflowed.FromQueueId, overflowed.ToQueueId, overflowed.Reason));

        var again = Call("bank");
        engine.Enqueue(again, T0.AddSeconds(200));
        engine.SetAgentState("insurer", AgentState.Available, null, T0.AddSeconds(201));
        Assert.Equal("insurer", engine.FindCall(call.CallId)!.AgentId); // the overflow queue's call (older) goes first
        engine.Answer("insurer", call.CallId, T0.AddSeconds(202));
        engine.Complete("insurer", call.CallId, null, T0.AddSeconds(203));
        Assert.Equal(CallState.Waiting, engine.FindCall(again.CallId)!.State); // only 3 s in the bank queue
        engine.Tick(T0.AddSeconds(261));
        Assert.Equal("insurer", engine.FindCall(again.CallId)!.AgentId); // after 60 s the insurer may take it
    }

    [Fact]
    public void FullQueue_RejectsWithAReason_OrOverflows()
    {
        var limited = Queue("small") with { MaxWaiting = 1 };
        var overflowing = Queue("spill") with { MaxWaiting = 1, OverflowQueue = "small" };
        var engine = new RoutingEngine([limited, overflowing], []);
        Assert.Equal(RoutingOutcome.Ok, engine.Enqueue(Call("small"), T0));
        Assert.Equal(RoutingOutcome.Rejected, engine.Enqueue(Call("small"), T0));
        Assert.Equal("full", engine.LastRejectionReason);
        Assert.Contains(engine.DrainEvents(), e => e is CallRejected { Reason: "full", QueueId: "small" });

        Assert.Equal(RoutingOutcome.Ok, engine.Enqueue(Call("spill"), T0));
        Assert.Equal(RoutingOutcome.Rejected, engine.Enqueue(Call("spill"), T0)); // overflows to small, which is full too
        var events = engine.DrainEvents();
        Assert.Contains(events, e => e is CallOverflowed { FromQueueId: "spill", ToQueueId: "small", Reason: "full" });
        Assert.Contains(events, e => e is CallRejected { QueueId: "small", Reason: "full" });
    }

    [Fact]
    public void MaxWait_RejectsTheCall_WhenThereIsNowhereToOverflow()
    {
        var engine = new RoutingEngine([Queue("q") with { MaxWaitSeconds = 90 }], [Agent("a")]);
        var call = Call("q");
        engine.Enqueue(call, T0);
        engine.Tick(T0.AddSeconds(89));
        Assert.NotNull(engine.FindCall(call.CallId));
        engine.Tick(T0.AddSeconds(90));
        Assert.Null(engine.FindCall(call.CallId));
        Assert.Contains(engine.DrainEvents(), e => e is CallRejected { Reason: "max-wait" } r && r.QueuedAt == T0);
    }

    [Fact]
    public void ClosedQueue_RejectsOutsideOpeningHours_InTheTenantsTimeZone()
    {
        var hours = new OpeningWindowConfiguration(DayOfWeek.Friday, new TimeOnly(9, 0), new TimeOnly(18, 0));
        var engine = new RoutingEngine([Queue("q") with { OpeningHours = [hours] }], [],
            tenantTimeZones: new Dictionary<string, string> { ["bank"] = "Europe/Paris" });
        Assert.Equal(RoutingOutcome.Rejected, engine.Enqueue(Call("q"), T0.AddMinutes(-1))); // 08:59 in Paris
        Assert.Equal("closed", engine.LastRejectionReason);
        Assert.Equal(RoutingOutcome.Ok, engine.Enqueue(Call("q"), T0)); // 09:00 in Paris (08:00 UTC)
        Assert.Equal(RoutingOutcome.Rejected, engine.Enqueue(Call("q"), T0.AddHours(9))); // 18:00 in Paris
    }

    [Fact]
    public void PreferredAgent_GetsTheCallWhenFree_ElseAnyoneAfterTheTimeout()
    {
        var engine = new RoutingEngine([Queue("q")], [Agent("usual"), Agent("other", 5, 4)]) { PreferredAgentTimeout = TimeSpan.FromSeconds(20) };
        engine.SetAgentState("other", AgentState.Available, null, T0);
        var call = Call("q", preferred: "usual");
        engine.Enqueue(call, T0);
        Assert.Equal(CallState.Waiting, engine.FindCall(call.CallId)!.State); // waits for "usual" though "other" is free
        engine.SetAgentState("usual", AgentState.Available, null, T0.AddSeconds(5));
        Assert.Equal("usual", engine.FindCall(call.CallId)!.AgentId);
        engine.Answer("usual", call.CallId, T0.AddSeconds(5)); // busy now

        var late = Call("q", preferred: "usual");
        engine.Enqueue(late, T0.AddSeconds(6));
        engine.Tick(T0.AddSeconds(25));
        Assert.Equal(CallState.Waiting, engine.FindCall(late.CallId)!.State);
        engine.Tick(T0.AddSeconds(26));
        Assert.Equal("other", engine.FindCall(late.CallId)!.AgentId);
    }

    [Fact]
    public void Transfer_SendsTheCallToAnotherQueue_WithItsOriginalArrivalTime()
    {
        var engine = new RoutingEngine([Queue("front"), Queue("back", skills: new Dictionary<string, int> { ["fr"] = 5 })], [Agent("a", 4, 4)]);
        engine.SetAgentState("a", AgentState.Available, null, T0);
        var call = Call("front");
        engine.Enqueue(call, T0);
        engine.Answer("a", call.CallId, T0.AddSeconds(2));
        Assert.Equal(RoutingOutcome.UnknownQueue, engine.Transfer("a", call.CallId, "nowhere", T0.AddSeconds(30)));
        Assert.Equal(RoutingOutcome.Ok, engine.Transfer("a", call.CallId, "back", T0.AddSeconds(30)));
        var moved = engine.FindCall(call.CallId)!;
        Assert.Equal(("back", CallState.Waiting, T0), (moved.QueueId, moved.State, moved.QueuedAt));
        Assert.Equal(AgentState.Available, engine.FindAgent("a")!.State); // "a" lacks fr 5: the call waits for someone else
        Assert.Contains(engine.DrainEvents(), e => e is CallTransferred { FromQueueId: "front", ToQueueId: "back", AgentId: "a" });
    }

    [Fact]
    public void TransferToAgent_KeepsTheCallForThatAgent_ThenForAnyoneAfterThePreferredTimeout()
    {
        var engine = new RoutingEngine([Queue("front"), Queue("sales", skills: new Dictionary<string, int> { ["sales"] = 1 })],
            [Agent("a"), Agent("b"), Agent("c")]);
        engine.SetAgentState("a", AgentState.Available, null, T0);
        var call = Call("front");
        engine.Enqueue(call, T0);
        engine.Answer("a", call.CallId, T0.AddSeconds(2));
        engine.SetAgentState("c", AgentState.Available, null, T0.AddSeconds(3));
        Assert.Equal(RoutingOutcome.UnknownAgent, engine.TransferToAgent("a", call.CallId, "nobody", T0.AddSeconds(10)));
        Assert.Equal(RoutingOutcome.UnknownAgent, engine.TransferToAgent("a", call.CallId, "a", T0.AddSeconds(10)));
        Assert.Equal(RoutingOutcome.NotAgentsCall, engine.TransferToAgent("c", call.CallId, "b", T0.AddSeconds(10)));
        Assert.Equal(RoutingOutcome.Ok, engine.TransferToAgent("a", call.CallId, "b", T0.AddSeconds(10)));
        // "c" is available but the call waits for "b", who is not yet.
        Assert.Equal((CallState.Waiting, (string?)null), (engine.FindCall(call.CallId)!.State, engine.FindCall(call.CallId)!.AgentId));
        Assert.Contains(engine.DrainEvents(), e => e is CallTransferred { FromQueueId: "front", ToQueueId: "front", AgentId: "a" });
        engine.SetAgentState("b", AgentState.Available, null, T0.AddSeconds(15));
        Assert.Equal(("b", CallState.Offered), (engine.FindCall(call.CallId)!.AgentId, engine.FindCall(call.CallId)!.State));
        Assert.Equal(RoutingOutcome.Ok, engine.Answer("b", call.CallId, T0.AddSeconds(16)));

        var other = Call("front");
        engine.Enqueue(other, T0.AddSeconds(20));
        Assert.Equal("c", engine.FindCall(other.CallId)!.AgentId);
        engine.Answer("c", other.CallId, T0.AddSeconds(21));
        engine.SetAgentState("a", AgentState.NotReady, null, T0.AddSeconds(21));
        Assert.Equal(RoutingOutcome.Ok, engine.TransferToAgent("c", other.CallId, "a", T0.AddSeconds(22)));
        engine.Tick(T0.AddSeconds(51));
        Assert.Equal(CallState.Waiting, engine.FindCall(other.CallId)!.State);
        engine.Tick(T0.AddSeconds(53));
        Assert.Equal("c", engine.FindCall(other.CallId)!.AgentId);
        Assert.Equal(["front"], engine.QueuesOfTenant("bank").Where(q => q.Id == "front").Select(q => q.Id));
        Assert.Equal(["a", "b", "c"], engine.AgentsEligibleFor("front").Select(a => a.AgentId));
        Assert.Empty(engine.AgentsEligibleFor("sales"));
    }

    [Fact]
    public void SupervisorForce_PullsARingingOffer_WithoutCountingAMiss()
    {
        var engine = new RoutingEngine([Queue("q")], [Agent("a"), Agent("b", 5, 4)]);
        engine.SetAgentState("a", AgentState.Available, null, T0);
        var call = Call("q");
        engine.Enqueue(call, T0.AddSeconds(1));
        Assert.Equal(RoutingOutcome.Ok, engine.ForceAgentState("a", AgentState.NotReady, "coaching", T0.AddSeconds(2)));
        Assert.Equal(("coaching", AgentState.NotReady), (engine.FindAgent("a")!.Reason, engine.FindAgent("a")!.State));
        Assert.Equal(CallState.Waiting, engine.FindCall(call.CallId)!.State);
        engine.SetAgentState("b", AgentState.Available, null, T0.AddSeconds(3));
        engine.Answer("b", call.CallId, T0.AddSeconds(4));
        Assert.Equal(RoutingOutcome.InvalidState, engine.ForceAgentState("b", AgentState.LoggedOut, null, T0.AddSeconds(5)));
    }

    [Fact]
    public void PositionAndEstimatedWait_AreGivenForAnnouncements()
    {
        var engine = new RoutingEngine([Queue("q")], [Agent("a"), Agent("b", 5, 4)]) { AssumedHandleTime = TimeSpan.FromSeconds(120) };
        engine.SetAgentState("a", AgentState.NotReady, "lunch", T0);
        engine.SetAgentState("b", AgentState.Available, null, T0);
        var first = Call("q");
        var second = Call("q");
        var third = Call("q");
        engine.Enqueue(first, T0);
        engine.Enqueue(second, T0.AddSeconds(1));
        engine.Enqueue(third, T0.AddSeconds(2));
        var view = engine.FindCall(third.CallId)!;
        Assert.Equal(2, view.Position); // "first" rings at b
        Assert.Equal(240, view.EstimatedWaitSeconds); // 2 calls × 120 s / 1 staffed agent
    }

    [Fact]
    public void Restore_RebuildsTheLineAndTheConnectedCalls()
    {
        var queues = new[] { Queue("q") };
        var agents = new[] { Agent("a"), Agent("b", 5, 4) };
        var waitingFirst = Guid.NewGuid();
        var waitingSecond = Guid.NewGuid();
        var connected = Guid.NewGuid();
        var engine = new RoutingEngine(queues, agents);
        engine.Restore(
            [new RestoredAgent("a", AgentState.OnCall, null, T0), new RestoredAgent("b", AgentState.NotReady, "break", T0)],
            [
                new RestoredCall(waitingSecond, "q", "h", 5, T0.AddSeconds(10), CallState.Waiting, null, null),
                new RestoredCall(connected, "q", "h", 5, T0, CallState.OnCall, "a", T0.AddSeconds(3)),
                new RestoredCall(waitingFirst, "q", "h", 5, T0.AddSeconds(5), CallState.Offered, "b", null),
            ], T0.AddSeconds(20));
        Assert.Equal(AgentState.OnCall, engine.FindAgent("a")!.State);
        Assert.Equal(1, engine.FindCall(waitingFirst)!.Position);
        Assert.Equal(2, engine.FindCall(waitingSecond)!.Position);
        Assert.Equal(RoutingOutcome.Ok, engine.Complete("a", connected, null, T0.AddSeconds(30)));
        Assert.Equal("a", engine.FindCall(waitingFirst)!.AgentId); // first in line, as before the restart
        Assert.Empty(engine.DrainEvents().OfType<CallQueued>()); // nothing is queued twice
    }
}
