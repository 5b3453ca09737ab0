using CallCentre.Contracts.Routing;
using CallCentre.Routing.Engine;

namespace CallCentre.Routing.Tests;

/// <summary>The engine keeps every call inside its client company: transfers, overflow and escalation never reach another
/// tenant's queue or agents, and a call may name as its preferred agent only an agent eligible for its queue.</summary>
public class TenantWallTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, int> BankFr = new() { ["banking"] = 2, ["fr"] = 3 };
    private static readonly Dictionary<string, int> TelcoFr = new() { ["telecom"] = 2, ["fr"] = 3 };

    private static QueueConfiguration Queue(string id, string tenant, Dictionary<string, int> skills) => TestQueues.Queue(id, tenant, skills);

    private static RoutingAgent Agent(string id, Dictionary<string, int> skills) => new(id, skills);

    private static IncomingCall Call(string queue, string? preferred = null) =>
        new(Guid.NewGuid(), queue, "hash", null) { PreferredAgentId = preferred };

    [Fact]
    public void Transfer_ToAnotherTenantsQueue_IsAnUnknownQueue_AndTheCallStaysConnected()
    {
        var engine = new RoutingEngine([Queue("bank-fr", "bank", BankFr), Queue("telco-fr", "telco", TelcoFr)],
            [Agent("both", new() { ["banking"] = 3, ["telecom"] = 3, ["fr"] = 4 })]);
        engine.SetAgentState("both", AgentState.Available, null, T0);
        var call = Call("bank-fr");
        engine.Enqueue(call, T0);
        engine.Answer("both", call.CallId, T0.AddSeconds(1));
        engine.DrainEvents();

        Assert.Equal(RoutingOutcome.UnknownQueue, engine.Transfer("both", call.CallId, "telco-fr", T0.AddSeconds(30)));
        var view = engine.FindCall(call.CallId)!;
        Assert.Equal(("bank-fr", CallState.OnCall, "both"), (view.QueueId, view.State, view.AgentId));
        Assert.DoesNotContain(engine.DrainEvents(), e => e is CallTransferred);
    }

    [Fact]
    public void OverflowToAnotherTenantsQueue_RejectsTheCall_InsteadOfCrossingTheWall()
    {
        var full = Queue("bank-fr", "bank", BankFr) with { MaxWaiting = 1, OverflowQueue = "telco-fr" };
        var engine = new RoutingEngine([full, Queue("telco-fr", "telco", TelcoFr)], [Agent("telco", new() { ["telecom"] = 3, ["fr"] = 4 })]);
        engine.SetAgentState("telco", AgentState.Available, null, T0);
        engine.Enqueue(Call("bank-fr"), T0);
        engine.DrainEvents();

        var second = Call("bank-fr");
        Assert.Equal(RoutingOutcome.Rejected, engine.Enqueue(second, T0.AddSeconds(1)));
        Assert.Equal("full", engine.LastRejectionReason);
        var events = engine.DrainEvents();
        Assert.DoesNotContain(events, e => e is CallOverflowed or CallOffered);
        Assert.Equal(AgentState.Available, engine.FindAgent("telco")!.State);
    }

    [Fact]
    public void EscalationOfferingToAnotherTenantsQueue_NeverReachesItsAgents()
    {
        var bank = Queue("bank-fr", "bank", BankFr) with { Escalations = [new EscalationConfiguration(10, AlsoOfferToQueue: "telco-fr")] };
        var engine = new RoutingEngine([bank, Queue("telco-fr", "telco", TelcoFr)], [Agent("telco", new() { ["telecom"] = 3, ["fr"] = 4 })]);
        engine.SetAgentState("telco", AgentState.Available, null, T0);
        var call = Call("bank-fr");
        engine.Enqueue(call, T0);
        engine.Tick(T0.AddSeconds(60));

        Assert.Equal(CallState.Waiting, engine.FindCall(call.CallId)!.State);
        Assert.Equal(AgentState.Available, engine.FindAgent("telco")!.State);
        Assert.Equal(["telco"], engine.TenantsOfAgent("telco"));
    }

    [Fact]
    public void PreferredAgentOfAnotherTenant_IsNotEligible_AndTheCallGoesToAnEligibleAgentAtOnce()
    {
        var engine = new RoutingEngine([Queue("bank-fr", "bank", BankFr), Queue("telco-fr", "telco", TelcoFr)],
            [Agent("telco", new() { ["telecom"] = 3, ["fr"] = 4 }), Agent("bank", new() { ["banking"] = 3, ["fr"] = 4 })]);
        Assert.False(engine.IsEligible("telco", "bank-fr"));
        Assert.True(engine.IsEligible("bank", "bank-fr"));
        engine.SetAgentState("telco", AgentState.Available, null, T0);
        engine.SetAgentState("bank", AgentState.Available, null, T0);

        var call = Call("bank-fr", preferred: "telco");
        engine.Enqueue(call, T0.AddSeconds(1));
        Assert.Equal((CallState.Offered, "bank"), (engine.FindCall(call.CallId)!.State, engine.FindCall(call.CallId)!.AgentId));
        Assert.Equal(AgentState.Available, engine.FindAgent("telco")!.State);
    }

    [Fact]
    public void PreferredAgentWithoutTheQueuesLanguage_IsNeverOffered_EvenWhenAloneAndFree()
    {
        var engine = new RoutingEngine([Queue("bank-fr", "bank", BankFr)], [Agent("english", new() { ["banking"] = 5, ["en"] = 5 })]);
        engine.SetAgentState("english", AgentState.Available, null, T0);
        var call = Call("bank-fr", preferred: "english");
        engine.Enqueue(call, T0);
        engine.Tick(T0.AddSeconds(60));
        Assert.Equal(CallState.Waiting, engine.FindCall(call.CallId)!.State);
        Assert.False(engine.IsEligible("english", "bank-fr"));
    }

    [Fact]
    public void PreferredAgentWhoLosesTheSkillsWhileTheCallWaits_IsNotOfferedIt()
    {
        var engine = new RoutingEngine([Queue("bank-fr", "bank", BankFr)],
            [Agent("usual", new() { ["banking"] = 3, ["fr"] = 4 })]) { PreferredAgentTimeout = TimeSpan.FromSeconds(30) };
        var call = Call("bank-fr", preferred: "usual");
        engine.Enqueue(call, T0);
        engine.AddOrUpdateAgent(Agent("usual", new() { ["telecom"] = 3, ["fr"] = 4 }), T0.AddSeconds(1));
        engine.SetAgentState("usual", AgentState.Available, null, T0.AddSeconds(2));
        Assert.Equal(CallState.Waiting, engine.FindCall(call.CallId)!.State);
        Assert.Equal(AgentState.Available, engine.FindAgent("usual")!.State);
    }
}
