using CallCentre.Contracts.Routing;
using CallCentre.Routing.Engine;

namespace CallCentre.Routing.Tests;

public class RoutingEngineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    private static RoutingEngine Engine(int wrapUpSeconds = 0) => new(
        [
            TestQueues.Queue("bank-fr", "bank", new Dictionary<string, int> { ["banking"] = 2, ["fr"] = 3 }, 5, wrapUpSeconds, 15),
            TestQueues.Queue("cards-fr", "bank", new Dictionary<string, int> { ["banking"] = 2, ["fr"] = 3 }, 9, 0, 15),
            TestQueues.Queue("telco-de", "telco", new Dictionary<string, int> { ["telecom"] = 1, ["de"] = 3 }, 5, 0, 15),
        ],
        [
            new RoutingAgent("fr-expert", new Dictionary<string, int> { ["banking"] = 4, ["fr"] = 5 }),
            new RoutingAgent("fr-junior", new Dictionary<string, int> { ["banking"] = 2, ["fr"] = 3 }),
            new RoutingAgent("de-only", new Dictionary<string, int> { ["telecom"] = 3, ["de"] = 4 }),
            new RoutingAgent("weak-fr", new Dictionary<string, int> { ["banking"] = 1, ["fr"] = 5 }),
        ]);

    private static IncomingCall Call(string queue, int? priority = null) => new(Guid.NewGuid(), queue, "hash", priority);

    [Fact]
    public void CallWithNoAgentAvailable_Waits()
    {
        var engine = Engine();
        var call = Call("bank-fr");
        Assert.Equal(RoutingOutcome.Ok, engine.Enqueue(call, T0));
        Assert.Equal(CallState.Waiting, engine.FindCall(call.CallId)!.State);
        Assert.Equal(1, engine.FindCall(call.CallId)!.Position);
        Assert.IsType<CallQueued>(Assert.Single(engine.DrainEvents()));
    }

    [Fact]
    public void CallIsOfferedOnlyToAnAgentWithTheRequiredSkills()
    {
        var engine = Engine();
        engine.SetAgentState("de-only", AgentState.Available, null, T0);
        engine.SetAgentState("weak-fr", AgentState.Available, null, T0);
        var call = Call("bank-fr");
        engine.Enqueue(call, T0.AddSeconds(1));
        Assert.Equal(CallState.Waiting, engine.FindCall(call.CallId)!.State);

        engine.SetAgentState("fr-junior", AgentState.Available, null, T0.AddSeconds(2));
        var view = engine.FindCall(call.CallId)!;
        Assert.Equal(CallState.Offered, view.State);
        Assert.Equal("fr-junior", view.AgentId);
        Assert.Equal(AgentState.Reserved, engine.FindAgent("fr-junior")!.State);
    }

    [Fact]
    public void LongestIdleEligibleAgent_GetsTheCall()
    {
        var engine = Engine();
        engine.SetAgentState("fr-junior", AgentState.Available, null, T0.AddSeconds(5));
        engine.SetAgentState("fr-expert", AgentState.Available, null, T0.AddSeconds(10));
        var call = Call("bank-fr");
        engine.Enqueue(call, T0.AddSeconds(20));
        Assert.Equal("fr-junior", engine.FindCall(call.CallId)!.AgentId);
    }

    [Fact]
    public void HigherPriorityCall_IsServedFirst_ThenFirstComeFirstServed()
    {
        var engine = Engine();
        var first = Call("bank-fr");
        var second = Call("bank-fr");
        var urgent = Call("cards-fr");
        engine.Enqueue(first, T0);
        engine.Enqueue(second, T0.AddSeconds(1));
        engine.Enqueue(urgent, T0.AddSeconds(2));

        engine.SetAgentState("fr-expert", AgentState.Available, null, T0.AddSeconds(3));
        Assert.Equal("fr-expert", engine.FindCall(urgent.CallId)!.AgentId);
        engine.SetAgentState("fr-junior", AgentState.Available, null, T0.AddSeconds(4));
        Assert.Equal("fr-junior", engine.FindCall(first.CallId)!.AgentId);
        Assert.Equal(CallState.Waiting, engine.FindCall(second.CallId)!.State);
    }

    [Fact]
    public void AnswerAndComplete_EmitTheWaitAndTalkTime_AndFreeTheAgent()
    {
        var engine = Engine();
        engine.SetAgentState("fr-expert", AgentState.Available, null, T0);
        var call = Call("bank-fr");
        engine.Enqueue(call, T0.AddSeconds(1));
        engine.DrainEvents();

        Assert.Equal(RoutingOutcome.Ok, engine.Answer("fr-expert", call.CallId, T0.AddSeconds(4)));
        Assert.Equal(RoutingOutcome.Ok, engine.Complete("fr-expert", call.CallId, "resolved", T0.AddSeconds(64)));

        var events = engine.DrainEvents();
        var answered = Assert.Single(events.OfType<CallAnswered>());
        Assert.Equal(T0.AddSeconds(1), answered.QueuedAt);
        Assert.Equal(T0.AddSeconds(4), answered.AnsweredAt);
        var completed = Assert.Single(events.OfType<CallCompleted>());
        Assert.Equal(60, completed.TalkSeconds, 6);
        Assert.Equal("resolved", completed.Disposition);
        Assert.Equal(AgentState.Available, engine.FindAgent("fr-expert")!.State);
        Assert.Null(engine.FindCall(call.CallId));
    }

    [Fact]
    public void AnotherAgent_CannotAnswerTheOffer()
    {
        var engine = Engine();
        engine.SetAgentState("fr-expert", AgentState.Available, null, T0);
        var call = Call("bank-fr");
        engine.Enqueue(call, T0);
        Assert.Equal(RoutingOutcome.NotAgentsCall, engine.Answer("fr-junior", call.CallId, T0.AddSeconds(1)));
        Assert.Equal(CallState.Offered, engine.FindCall(call.CallId)!.State);
    }

    [Fact]
    public void HangUpWhileRinging_IsAnAbandon_AndTheAgentIsFreed()
    {
        var engine = Engine();
        engine.SetAgentState("fr-expert", AgentState.Available, null, T0);
        var call = Call("bank-fr");
        engine.Enqueue(call, T0);
        engine.DrainEvents();

        Assert.Equal(RoutingOutcome.Ok, engine.Abandon(call.CallId, T0.AddSeconds(7)));
        var abandoned = Assert.Single(engine.DrainEvents().OfType<CallAbandoned>());
        Assert.Equal(7, (abandoned.AbandonedAt - abandoned.QueuedAt).TotalSeconds);
        Assert.Equal(AgentState.Available, engine.FindAgent("fr-expert")!.State);
        Assert.Equal(RoutingOutcome.UnknownCall, engine.Abandon(call.CallId, T0.AddSeconds(8)));
    }

    [Fact]
    public void MissedOffer_GoesToTheNextAgent_AndRepeatedMissesPutTheAgentNotReady()
    {
        var engine = Engine();
        engine.SetAgentState("fr-expert", AgentState.Available, null, T0);
        var call = Call("bank-fr");
        engine.Enqueue(call, T0.AddSeconds(1));
        engine.SetAgentState("fr-junior", AgentState.Available, null, T0.AddSeconds(10));
        engine.Tick(T0.AddSeconds(16));
        // The offer rang out: the call goes to the other eligible agent, keeping its place and its arrival time.
        var view = engine.FindCall(call.CallId)!;
        Assert.Equal("fr-junior", view.AgentId);
        Assert.Equal(T0.AddSeconds(1), view.QueuedAt);
        Assert.Equal(AgentState.Available, engine.FindAgent("fr-expert")!.State);

        engine.SetAgentState("fr-junior", AgentState.NotReady, "break", T0.AddSeconds(17)); // refused: a call rings
        engine.Tick(T0.AddSeconds(31)); // junior misses too: back to the expert
        Assert.Equal("fr-expert", engine.FindCall(call.CallId)!.AgentId);
        engine.Tick(T0.AddSeconds(46)); // the expert misses a second time in a row
        var expert = engine.FindAgent("fr-expert")!;
        Assert.Equal(AgentState.NotReady, expert.State);
        Assert.Equal("missed", expert.Reason);
        Assert.Contains(engine.DrainEvents().OfType<AgentStateChanged>(), e => e is { AgentId: "fr-expert", State: "NotReady", Reason: "missed" });
    }

    [Fact]
    public void CallRejectedByTheOnlyAgent_RingsThereAgain_UntilTheSecondRejection()
    {
        var engine = Engine();
        engine.SetAgentState("fr-expert", AgentState.Available, null, T0);
        var call = Call("bank-fr");
        engine.Enqueue(call, T0);
        Assert.Equal(RoutingOutcome.Ok, engine.Reject("fr-expert", call.CallId, T0.AddSeconds(2)));
        var view = engine.FindCall(call.CallId)!;
        Assert.Equal(CallState.Offered, view.State);
        Assert.Equal("fr-expert", view.AgentId);
        Assert.Equal(RoutingOutcome.Ok, engine.Reject("fr-expert", call.CallId, T0.AddSeconds(4)));
        Assert.Equal(CallState.Waiting, engine.FindCall(call.CallId)!.State); // second rejection in a row: the agent is NotReady
        Assert.Equal(AgentState.NotReady, engine.FindAgent("fr-expert")!.State);
        Assert.Equal("rejected", engine.FindAgent("fr-expert")!.Reason);
    }

    [Fact]
    public void WrapUp_EndsAfterTheQueuesWrapUpTime()
    {
        var engine = Engine(wrapUpSeconds: 30);
        engine.SetAgentState("fr-expert", AgentState.Available, null, T0);
        var call = Call("bank-fr");
        engine.Enqueue(call, T0);
        engine.Answer("fr-expert", call.CallId, T0.AddSeconds(1));
        engine.Complete("fr-expert", call.CallId, null, T0.AddSeconds(61));
        Assert.Equal(AgentState.AfterCallWork, engine.FindAgent("fr-expert")!.State);
        engine.Tick(T0.AddSeconds(80));
        Assert.Equal(AgentState.AfterCallWork, engine.FindAgent("fr-expert")!.State);
        engine.Tick(T0.AddSeconds(91));
        Assert.Equal(AgentState.Available, engine.FindAgent("fr-expert")!.State);
    }

    [Fact]
    public void AgentOnACall_CannotGoNotReady()
    {
        var engine = Engine();
        engine.SetAgentState("fr-expert", AgentState.Available, null, T0);
        var call = Call("bank-fr");
        engine.Enqueue(call, T0);
        engine.Answer("fr-expert", call.CallId, T0.AddSeconds(1));
        Assert.Equal(RoutingOutcome.InvalidState, engine.SetAgentState("fr-expert", AgentState.NotReady, "break", T0.AddSeconds(2)));
        Assert.Equal(AgentState.OnCall, engine.FindAgent("fr-expert")!.State);
    }

    [Fact]
    public void UnknownQueue_IsRefused_AndNothingIsEmitted()
    {
        var engine = Engine();
        Assert.Equal(RoutingOutcome.UnknownQueue, engine.Enqueue(Call("nope"), T0));
        Assert.Empty(engine.DrainEvents());
    }

    [Fact]
    public void Snapshot_CountsWaitingCallsAndAgentsByState()
    {
        var engine = Engine();
        engine.SetAgentState("fr-expert", AgentState.Available, null, T0);
        engine.SetAgentState("fr-junior", AgentState.NotReady, "break", T0);
        engine.Enqueue(Call("bank-fr"), T0);
        engine.Enqueue(Call("bank-fr"), T0.AddSeconds(5));
        var snapshot = engine.Snapshot("bank-fr", T0.AddSeconds(20));
        Assert.Equal(1, snapshot.CallsWaiting);
        Assert.Equal(15, snapshot.OldestWaitSeconds, 6);
        Assert.Equal(1, snapshot.AgentsReserved);
        Assert.Equal(1, snapshot.AgentsNotReady);
        Assert.Equal(0, snapshot.AgentsAvailable);
    }
}
