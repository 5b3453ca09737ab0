using CallCentre.Contracts.Routing;
using CallCentre.Routing.Engine;

namespace CallCentre.Routing.Tests;

/// <summary>Queues and agents created or changed while the engine runs (the admin API).</summary>
public class RoutingEngineConfigurationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    private static Dictionary<string, int> Skills(params (string Skill, int Level)[] skills) => skills.ToDictionary(s => s.Skill, s => s.Level);

    private static QueueConfiguration Queue(string id, string tenant, Dictionary<string, int> required, int offerTimeoutSeconds = 15) =>
        TestQueues.Queue(id, tenant, required, offerTimeoutSeconds: offerTimeoutSeconds);

    private static RoutingEngine Engine() => new(
        [
            Queue("bank-fr", "bank", Skills(("banking", 2), ("fr", 3))),
            Queue("telco-de", "telco", Skills(("telecom", 1), ("de", 3))),
        ],
        [
            new RoutingAgent("fr-agent", Skills(("banking", 3), ("fr", 4))),
            new RoutingAgent("de-agent", Skills(("telecom", 3), ("de", 4))),
        ]);

    private static IncomingCall Call(string queue) => new(Guid.NewGuid(), queue, "hash", null);

    [Fact]
    public void NewQueue_TakesCallsAtOnce_AndOffersThemToAnAvailableAgentWithItsSkills()
    {
        var engine = Engine();
        engine.SetAgentState("fr-agent", AgentState.Available, null, T0);
        engine.SetAgentState("de-agent", AgentState.Available, null, T0);
        engine.AddOrUpdateQueue(Queue("bank-de", "bank", Skills(("banking", 1), ("de", 2))), T0.AddSeconds(1));

        Assert.True(engine.HasQueue("bank-de"));
        Assert.Contains("bank-de", engine.DrainDirtyQueues());
        var call = Call("bank-de");
        Assert.Equal(RoutingOutcome.Ok, engine.Enqueue(call, T0.AddSeconds(2)));
        var view = engine.FindCall(call.CallId)!;
        Assert.Equal((CallState.Waiting, null), (view.State, view.AgentId)); // nobody has banking and de

        engine.AddOrUpdateAgent(new RoutingAgent("de-agent", Skills(("telecom", 3), ("de", 4), ("banking", 1))), T0.AddSeconds(3));
        view = engine.FindCall(call.CallId)!;
        Assert.Equal((CallState.Offered, "de-agent"), (view.State, view.AgentId));
    }

    [Fact]
    public void NewQueue_ItsSnapshotCountsTheAgentsWhoServeIt()
    {
        var engine = Engine();
        engine.SetAgentState("fr-agent", AgentState.Available, null, T0);
        engine.AddOrUpdateQueue(Queue("bank-fr-vip", "bank", Skills(("banking", 3))), T0);
        var snapshot = engine.Snapshot("bank-fr-vip", T0);
        Assert.Equal(("bank", 1, 0), (snapshot.TenantId, snapshot.AgentsAvailable, snapshot.CallsWaiting));
        Assert.Equal(["bank"], engine.TenantsOfAgent("fr-agent"));
    }

    [Fact]
    public void ChangedQueue_LowerSkills_OfferItsWaitingCallToAnAgentWhoNowQualifies()
    {
        var engine = Engine();
        engine.SetAgentState("fr-agent", AgentState.Available, null, T0);
        var call = Call("telco-de");
        engine.Enqueue(call, T0.AddSeconds(1));
        Assert.Equal(CallState.Waiting, engine.FindCall(call.CallId)!.State);

        engine.AddOrUpdateQueue(Queue("telco-de", "telco", Skills(("fr", 2))), T0.AddSeconds(5));
        var view = engine.FindCall(call.CallId)!;
        Assert.Equal((CallState.Offered, "fr-agent"), (view.State, view.AgentId));
        Assert.Equal(["bank", "telco"], engine.TenantsOfAgent("fr-agent"));
    }

    [Fact]
    public void ChangedQueue_KeepsItsWaitingCallsInTheirPlaceInLine()
    {
        var engine = Engine();
        var calls = Enumerable.Range(0, 4).Select(_ => Call("bank-fr")).ToList();
        for (var i = 0; i < calls.Count; i++)
            engine.Enqueue(calls[i], T0.AddSeconds(i));

        engine.AddOrUpdateQueue(Queue("bank-fr", "bank", Skills(("banking", 4), ("fr", 3))) with { Strategy = nameof(RoutingStrategy.MostSkilled) }, T0.AddSeconds(10));

        Assert.Equal([1, 2, 3, 4], calls.Select(c => engine.FindCall(c.CallId)!.Position!.Value));
        Assert.Equal(4, engine.Snapshot("bank-fr", T0.AddSeconds(10)).CallsWaiting);
        Assert.Equal(nameof(RoutingStrategy.MostSkilled), engine.FindQueue("bank-fr")!.Strategy);
        // banking 4 is now required: fr-agent (banking 3) no longer qualifies.
        engine.SetAgentState("fr-agent", AgentState.Available, null, T0.AddSeconds(11));
        Assert.All(calls, c => Assert.Equal(CallState.Waiting, engine.FindCall(c.CallId)!.State));
    }

    [Fact]
    public void ChangedQueue_NewEscalation_AppliesToCallsThatHaveAlreadyWaitedLongEnough()
    {
        var engine = Engine();
        var call = Call("bank-fr");
        engine.Enqueue(call, T0);
        engine.AddOrUpdateAgent(new RoutingAgent("weak-fr", Skills(("banking", 1), ("fr", 5))), T0);
        engine.SetAgentState("weak-fr", AgentState.Available, null, T0.AddSeconds(1));
        Assert.Equal(CallState.Waiting, engine.FindCall(call.CallId)!.State);

        engine.AddOrUpdateQueue(Queue("bank-fr", "bank", Skills(("banking", 2), ("fr", 3))) with
        {
            Escalations = [new EscalationConfiguration(30, Skills(("banking", 1), ("fr", 3)))],
        }, T0.AddSeconds(60));
        var view = engine.FindCall(call.CallId)!;
        Assert.Equal((CallState.Offered, "weak-fr"), (view.State, view.AgentId));
    }

    [Fact]
    public void ChangedQueue_ACallRingingOrConnected_GoesOn()
    {
        var engine = Engine();
        engine.SetAgentState("fr-agent", AgentState.Available, null, T0);
        var call = Call("bank-fr");
        engine.Enqueue(call, T0);
        engine.AddOrUpdateQueue(Queue("bank-fr", "bank", Skills(("banking", 5))) with { WrapUpSeconds = 30 }, T0.AddSeconds(1));

        Assert.Equal(RoutingOutcome.Ok, engine.Answer("fr-agent", call.CallId, T0.AddSeconds(2)));
        Assert.Equal(RoutingOutcome.Ok, engine.Complete("fr-agent", call.CallId, null, T0.AddSeconds(60)));
        Assert.Equal(AgentState.AfterCallWork, engine.FindAgent("fr-agent")!.State); // the new rules' wrap-up
        Assert.Contains(engine.DrainEvents(), e => e is CallCompleted c && c.CallId == call.CallId && c.QueueId == "bank-fr");
    }

    [Fact]
    public void NewAgent_StartsLoggedOut_AndTakesCallsOnceAvailable()
    {
        var engine = Engine();
        var call = Call("telco-de");
        engine.Enqueue(call, T0);
        engine.AddOrUpdateAgent(new RoutingAgent("new-de", Skills(("telecom", 2), ("de", 5))), T0.AddSeconds(1));
        Assert.Equal(AgentState.LoggedOut, engine.FindAgent("new-de")!.State);
        Assert.Equal(CallState.Waiting, engine.FindCall(call.CallId)!.State);

        engine.SetAgentState("new-de", AgentState.Available, null, T0.AddSeconds(2));
        Assert.Equal("new-de", engine.FindCall(call.CallId)!.AgentId);
        Assert.Equal(1, engine.Snapshot("telco-de", T0.AddSeconds(2)).AgentsReserved);
    }

    [Fact]
    public void SkillsChange_OfAnIdleAgent_TakesEffectAtOnce_AndIsReportedUnderItsNewTenants()
    {
        var engine = Engine();
        engine.SetAgentState("fr-agent", AgentState.Available, null, T0);
        var call = Call("telco-de");
        engine.Enqueue(call, T0.AddSeconds(1));
        engine.DrainEvents();
        engine.DrainDirtyQueues();

        engine.AddOrUpdateAgent(new RoutingAgent("fr-agent", Skills(("telecom", 2), ("de", 3))), T0.AddSeconds(2));

        Assert.Equal("fr-agent", engine.FindCall(call.CallId)!.AgentId);
        Assert.Equal(["telco"], engine.TenantsOfAgent("fr-agent"));
        var events = engine.DrainEvents();
        Assert.Contains(events, e => e is AgentStateChanged s && s.AgentId == "fr-agent" && s.TenantIds.SequenceEqual(["telco"]));
        Assert.Equal(0, engine.Snapshot("bank-fr", T0.AddSeconds(2)).AgentsAvailable + engine.Snapshot("bank-fr", T0.AddSeconds(2)).AgentsReserved);
        Assert.Equal(1, engine.Snapshot("telco-de", T0.AddSeconds(2)).AgentsReserved);
        Assert.Contains("bank-fr", engine.DrainDirtyQueues());
    }

    [Fact]
    public void SkillsChange_OfAnAgentOnACall_TakesEffectWhenItIsDone()
    {
        var engine = Engine();
        engine.SetAgentState("fr-agent", AgentState.Available, null, T0);
        var first = Call("bank-fr");
        engine.Enqueue(first, T0);
        engine.Answer("fr-agent", first.CallId, T0.AddSeconds(1));
        var bank = Call("bank-fr");
        var telco = Call("telco-de");
        engine.Enqueue(bank, T0.AddSeconds(2)); // waits longer: it would come first for an agent serving both
        engine.Enqueue(telco, T0.AddSeconds(3));

        engine.AddOrUpdateAgent(new RoutingAgent("fr-agent", Skills(("telecom", 2), ("de", 3))), T0.AddSeconds(4));
        Assert.Equal(Skills(("banking", 3), ("fr", 4)), engine.SkillsOf("fr-agent")); // the old profile while the call goes on
        Assert.Equal(AgentState.OnCall, engine.FindAgent("fr-agent")!.State);
        Assert.Equal(first.CallId, engine.FindAgent("fr-agent")!.CallId);

        engine.Complete("fr-agent", first.CallId, null, T0.AddSeconds(30));
        Assert.Equal(Skills(("telecom", 2), ("de", 3)), engine.SkillsOf("fr-agent"));
        Assert.Equal(telco.CallId, engine.FindAgent("fr-agent")!.CallId);
        Assert.Equal(CallState.Waiting, engine.FindCall(bank.CallId)!.State);
        Assert.Equal(["telco"], engine.TenantsOfAgent("fr-agent"));
    }

    [Fact]
    public void SkillsChangedBack_BeforeTheCallEnds_CancelsThePendingChange()
    {
        var engine = Engine();
        engine.SetAgentState("fr-agent", AgentState.Available, null, T0);
        var first = Call("bank-fr");
        engine.Enqueue(first, T0);
        engine.AddOrUpdateAgent(new RoutingAgent("fr-agent", Skills(("telecom", 2), ("de", 3))), T0.AddSeconds(1));
        engine.AddOrUpdateAgent(new RoutingAgent("fr-agent", Skills(("banking", 3), ("fr", 4))), T0.AddSeconds(2));
        engine.Answer("fr-agent", first.CallId, T0.AddSeconds(3));
        var next = Call("bank-fr");
        engine.Enqueue(next, T0.AddSeconds(4));
        engine.Complete("fr-agent", first.CallId, null, T0.AddSeconds(5));
        Assert.Equal(next.CallId, engine.FindAgent("fr-agent")!.CallId);
    }

    [Fact]
    public void ChangedQueue_WithFewerTiers_ARingingOfferThatComesBack_WaitsAtATierThatExists()
    {
        var engine = Engine();
        engine.AddOrUpdateQueue(Queue("bank-fr", "bank", Skills(("banking", 2), ("fr", 3))) with
        {
            Escalations = [new EscalationConfiguration(10, Skills(("fr", 3))), new EscalationConfiguration(20, Skills(("telecom", 1)))],
        }, T0);
        var call = Call("bank-fr");
        engine.Enqueue(call, T0);
        engine.SetAgentState("de-agent", AgentState.Available, null, T0);
        engine.Tick(T0.AddSeconds(25)); // tier 2: telecom agents may take it
        Assert.Equal("de-agent", engine.FindCall(call.CallId)!.AgentId);

        engine.AddOrUpdateQueue(Queue("bank-fr", "bank", Skills(("banking", 2), ("fr", 3))), T0.AddSeconds(26));
        Assert.Equal(RoutingOutcome.Ok, engine.Reject("de-agent", call.CallId, T0.AddSeconds(27)));

        var view = engine.FindCall(call.CallId)!;
        Assert.Equal((CallState.Waiting, 1), (view.State, view.Position));
        Assert.Equal(AgentState.Available, engine.FindAgent("de-agent")!.State); // no longer eligible: not offered it again
        engine.SetAgentState("fr-agent", AgentState.Available, null, T0.AddSeconds(28));
        Assert.Equal("fr-agent", engine.FindCall(call.CallId)!.AgentId);
    }

    [Fact]
    public void ChangedQueue_AlsoChangesWhoAnotherQueuesEscalationOffersItsCallsTo()
    {
        var engine = Engine();
        // An escalation offers only to a queue of the call's own tenant.
        engine.AddOrUpdateQueue(Queue("bank-de", "bank", Skills(("telecom", 1))), T0);
        engine.AddOrUpdateQueue(Queue("bank-fr", "bank", Skills(("banking", 2), ("fr", 3))) with
        {
            Escalations = [new EscalationConfiguration(10, AlsoOfferToQueue: "bank-de")],
        }, T0);
        engine.SetAgentState("de-agent", AgentState.Available, null, T0);
        var call = Call("bank-fr");
        engine.Enqueue(call, T0);

        // bank-de now needs telecom 5: its agents, de-agent among them no more, are those bank-fr's escalation admits.
        engine.AddOrUpdateQueue(Queue("bank-de", "bank", Skills(("telecom", 5))), T0.AddSeconds(5));
        engine.Tick(T0.AddSeconds(15));
        Assert.Equal(CallState.Waiting, engine.FindCall(call.CallId)!.State);
        Assert.Equal(["telco"], engine.TenantsOfAgent("de-agent"));

        engine.AddOrUpdateQueue(Queue("bank-de", "bank", Skills(("telecom", 1))), T0.AddSeconds(16));
        Assert.Equal("de-agent", engine.FindCall(call.CallId)!.AgentId);
        Assert.Equal(["bank", "telco"], engine.TenantsOfAgent("de-agent"));
    }
}
