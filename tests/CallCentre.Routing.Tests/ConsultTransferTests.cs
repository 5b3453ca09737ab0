using CallCentre.Contracts.Routing;
using CallCentre.Routing.Engine;

namespace CallCentre.Routing.Tests;

/// <summary>Consult (warm) transfer in the engine: A, connected, consults B (named or a queue's next agent) with the caller on hold.</summary>
public class ConsultTransferTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, int> Banking = new() { ["banking"] = 3 };
    private static readonly Dictionary<string, int> Cards = new() { ["cards"] = 3 };

    private static RoutingEngine Engine(params RoutingAgent[] agents) =>
        new([TestQueues.Queue("bank", "lumiere", Banking, wrapUpSeconds: 20, offerTimeoutSeconds: 10), TestQueues.Queue("cards", "lumiere", Cards),
             TestQueues.Queue("other", "helvet", Banking)],
            agents.Length > 0 ? agents : [new RoutingAgent("a", Banking), new RoutingAgent("b", Banking), new RoutingAgent("c", Cards)]);

    /// <summary>A answered a call at T0+2; b and c are available.</summary>
    private static (RoutingEngine Engine, Guid Call) Connected()
    {
        var engine = Engine();
        engine.SetAgentState("a", AgentState.Available, null, T0);
        var call = Guid.NewGuid();
        engine.Enqueue(new IncomingCall(call, "bank", "hash", null), T0);
        Assert.Equal(RoutingOutcome.Ok, engine.Answer("a", call, T0.AddSeconds(2)));
        engine.SetAgentState("b", AgentState.Available, null, T0.AddSeconds(3));
        engine.SetAgentState("c", AgentState.Available, null, T0.AddSeconds(3));
        engine.DrainEvents();
        return (engine, call);
    }

    [Fact]
    public void AConsultThatIsCompleted_GivesTheCallToB_AndEndsAsLegWithTheConsultAsHold()
    {
        var (engine, call) = Connected();
        Assert.Equal(RoutingOutcome.Ok, engine.StartConsult("a", call, null, "b", T0.AddSeconds(62)));
        var a = engine.FindAgent("a")!;
        Assert.Equal((T0.AddSeconds(62), true, "b", false), (a.HeldSince, a.Consult!.Consulting, a.Consult.OtherAgentId, a.Consult.Talking));
        var b = engine.FindAgent("b")!;
        Assert.Equal((AgentState.Reserved, (Guid?)null, call, "a", false), (b.State, b.CallId, b.Consult!.CallId, b.Consult.OtherAgentId, b.Consult.Consulting));
        var started = engine.DrainEvents();
        Assert.Contains(started, e => e is CallHeld { AgentId: "a" });
        Assert.Contains(started, e => e is CallConsultStarted { AgentId: "a", ToAgentId: "b", ToQueueId: null, QueueId: "bank" });

        Assert.Equal(RoutingOutcome.InvalidState, engine.CompleteConsult("a", call, T0.AddSeconds(63))); // b has not answered
        Assert.Equal(RoutingOutcome.Ok, engine.Answer("b", call, T0.AddSeconds(65)));
        Assert.Equal((AgentState.OnCall, true), (engine.FindAgent("b")!.State, engine.FindAgent("b")!.Consult!.Talking));
        Assert.Contains(engine.DrainEvents(), e => e is CallConsultAnswered { ToAgentId: "b" });
        Assert.Equal(RoutingOutcome.InvalidState, engine.Resume("a", call, T0.AddSeconds(70)));
        Assert.Equal(RoutingOutcome.InvalidState, engine.Transfer("a", call, "cards", T0.AddSeconds(70)));

        Assert.Equal(RoutingOutcome.Ok, engine.CompleteConsult("a", call, T0.AddSeconds(92)));
        a = engine.FindAgent("a")!;
        b = engine.FindAgent("b")!;
        Assert.Equal((AgentState.AfterCallWork, (Guid?)null, (ConsultView?)null), (a.State, a.CallId, a.Consult));
        Assert.Equal((AgentState.OnCall, call, T0.AddSeconds(92), (ConsultView?)null), (b.State, b.CallId, b.AnsweredAt, b.Consult));
        Assert.Null(b.HeldSince);
        var events = engine.DrainEvents();
        Assert.Contains(events, e => e is CallConsultEnded { Outcome: ConsultOutcome.Completed, StartedAt: var s } && s == T0.AddSeconds(62));
        var transferred = Assert.Single(events.OfType<CallTransferred>());
        Assert.Equal(("a", "bank", "bank", 30.0), (transferred.AgentId, transferred.FromQueueId, transferred.ToQueueId, transferred.HoldSeconds));
        Assert.Contains(events, e => e is CallAnswered { AgentId: "b" } answered && answered.AnsweredAt == T0.AddSeconds(92));

        engine.Tick(T0.AddSeconds(112)); // a's after-call work ends: a's leg is reported
        var leg = Assert.Single(engine.DrainEvents().OfType<CallLegEnded>());
        Assert.Equal(("a", CallLegEnd.Transferred, 60.0, 30.0), (leg.AgentId, leg.EndedBy, leg.TalkSeconds, leg.HoldSeconds));
        Assert.Equal(leg.TalkSeconds + leg.HoldSeconds, (leg.EndedAt - leg.AnsweredAt).TotalSeconds);
        Assert.Equal(RoutingOutcome.Ok, engine.Complete("b", call, null, T0.AddSeconds(152)));
        var completed = Assert.Single(engine.DrainEvents().OfType<CallCompleted>());
        Assert.Equal(("b", 60.0, 0.0), (completed.AgentId, completed.TalkSeconds, completed.HoldSeconds));
    }

    [Fact]
    public void AConsultCancelled_FreesB_AndTakesTheCallerOffHold()
    {
        var (engine, call) = Connected();
        engine.StartConsult("a", call, null, "b", T0.AddSeconds(10));
        engine.Answer("b", call, T0.AddSeconds(12));
        Assert.Equal(RoutingOutcome.NotAgentsCall, engine.CancelConsult("c", call, T0.AddSeconds(20)));
        Assert.Equal(RoutingOutcome.Ok, engine.CancelConsult("a", call, T0.AddSeconds(20)));
        var a = engine.FindAgent("a")!;
        Assert.Equal((AgentState.OnCall, call, (DateTimeOffset?)null, 10.0, (ConsultView?)null), (a.State, a.CallId, a.HeldSince, a.HoldSeconds, a.Consult));
        Assert.Equal((AgentState.Available, (ConsultView?)null), (engine.FindAgent("b")!.State, engine.FindAgent("b")!.Consult));
        var events = engine.DrainEvents();
        Assert.Contains(events, e => e is CallConsultEnded { Outcome: ConsultOutcome.Cancelled, ToAgentId: "b" });
        Assert.Contains(events, e => e is CallResumed { HoldSeconds: 10 });
        Assert.Equal(RoutingOutcome.InvalidState, engine.CancelConsult("a", call, T0.AddSeconds(21)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BDeclinesOrDoesNotAnswer_AIsBackWithTheCallerOnHold_AndTold(bool rings)
    {
        var (engine, call) = Connected();
        engine.StartConsult("a", call, null, "b", T0.AddSeconds(10));
        if (rings)
        {
            engine.Tick(T0.AddSeconds(19));
            Assert.Equal(AgentState.Reserved, engine.FindAgent("b")!.State);
            engine.Tick(T0.AddSeconds(20));
        }
        else
        {
            Assert.Equal(RoutingOutcome.Ok, engine.Reject("b", call, T0.AddSeconds(15)));
        }
        var a = engine.FindAgent("a")!;
        Assert.Equal((AgentState.OnCall, (ConsultView?)null), (a.State, a.Consult));
        Assert.NotNull(a.HeldSince);
        Assert.Equal(AgentState.Available, engine.FindAgent("b")!.State);
        var ended = Assert.Single(engine.DrainEvents().OfType<CallConsultEnded>());
        Assert.Equal(rings ? ConsultOutcome.Missed : ConsultOutcome.Declined, ended.Outcome);
        Assert.Equal(RoutingOutcome.Ok, engine.Resume("a", call, T0.AddSeconds(25)));
    }

    [Fact]
    public void AQueueConsult_RingsTheQueuesNextEligibleAgent_AndCompletesIntoThatQueue()
    {
        var (engine, call) = Connected();
        Assert.Equal(RoutingOutcome.Ok, engine.StartConsult("a", call, "cards", null, T0.AddSeconds(10)));
        Assert.Equal("a", engine.FindAgent("c")!.Consult!.OtherAgentId);
        Assert.Equal(AgentState.Available, engine.FindAgent("b")!.State);
        engine.Answer("c", call, T0.AddSeconds(12));
        engine.CompleteConsult("a", call, T0.AddSeconds(30));
        Assert.Equal(("cards", "c", CallState.OnCall), (engine.FindCall(call)!.QueueId, engine.FindCall(call)!.AgentId, engine.FindCall(call)!.State));
        Assert.Contains(engine.DrainEvents(), e => e is CallTransferred { FromQueueId: "bank", ToQueueId: "cards" });
    }

    [Fact]
    public void AConsultIsRefused_ForABusyAgent_AnEmptyQueue_AnotherClientsQueue_AndTwice()
    {
        var (engine, call) = Connected();
        engine.SetAgentState("c", AgentState.NotReady, "break", T0.AddSeconds(4));
        Assert.Equal(RoutingOutcome.Unavailable, engine.StartConsult("a", call, "cards", null, T0.AddSeconds(5)));
        Assert.Equal(RoutingOutcome.UnknownQueue, engine.StartConsult("a", call, "other", null, T0.AddSeconds(5)));
        Assert.Equal(RoutingOutcome.UnknownAgent, engine.StartConsult("a", call, null, "c", T0.AddSeconds(5))); // not eligible for bank
        Assert.Equal(RoutingOutcome.UnknownAgent, engine.StartConsult("a", call, null, "a", T0.AddSeconds(5)));
        Assert.Equal(RoutingOutcome.NotAgentsCall, engine.StartConsult("b", call, null, "a", T0.AddSeconds(5)));
        Assert.Null(engine.FindAgent("a")!.HeldSince); // nothing half-done
        Assert.Equal(RoutingOutcome.Ok, engine.StartConsult("a", call, null, "b", T0.AddSeconds(6)));
        Assert.Equal(RoutingOutcome.InvalidState, engine.StartConsult("a", call, null, "b", T0.AddSeconds(7)));
        engine.SetAgentState("c", AgentState.Available, null, T0.AddSeconds(8));
        Assert.Equal(RoutingOutcome.InvalidState, engine.StartConsult("a", call, "cards", null, T0.AddSeconds(8)));
    }

    [Fact]
    public void BRingingOrTalkingInAConsult_GetsNoOtherCall()
    {
        var (engine, call) = Connected();
        engine.SetAgentState("c", AgentState.NotReady, "break", T0.AddSeconds(4));
        engine.StartConsult("a", call, null, "b", T0.AddSeconds(10));
        var second = Guid.NewGuid();
        engine.Enqueue(new IncomingCall(second, "bank", "other", null), T0.AddSeconds(11));
        Assert.Equal(CallState.Waiting, engine.FindCall(second)!.State);
        engine.Answer("b", call, T0.AddSeconds(12));
        engine.Tick(T0.AddSeconds(40));
        Assert.Equal(CallState.Waiting, engine.FindCall(second)!.State);
        Assert.Equal(RoutingOutcome.InvalidState, engine.SetAgentState("b", AgentState.NotReady, "break", T0.AddSeconds(41)));
        Assert.Equal(RoutingOutcome.Ok, engine.CancelConsult("b", call, T0.AddSeconds(45))); // b leaves: the waiting call is b's
        Assert.Equal(("b", CallState.Offered), (engine.FindCall(second)!.AgentId, engine.FindCall(second)!.State));
        Assert.Contains(engine.DrainEvents(), e => e is CallConsultEnded { Outcome: ConsultOutcome.Left });
        Assert.NotNull(engine.FindAgent("a")!.HeldSince);
    }

    [Fact]
    public void TheCallEndingDuringTheConsult_CompletesIt_AndFreesB()
    {
        var (engine, call) = Connected();
        engine.StartConsult("a", call, null, "b", T0.AddSeconds(32));
        engine.Answer("b", call, T0.AddSeconds(34));
        Assert.Equal(RoutingOutcome.Ok, engine.Complete("a", call, null, T0.AddSeconds(62)));
        var events = engine.DrainEvents();
        Assert.Contains(events, e => e is CallConsultEnded { Outcome: ConsultOutcome.CallEnded });
        var completed = Assert.Single(events.OfType<CallCompleted>());
        Assert.Equal(("a", 30.0, 30.0), (completed.AgentId, completed.TalkSeconds, completed.HoldSeconds));
        Assert.DoesNotContain(events, e => e is CallAbandoned);
        Assert.Equal(AgentState.Available, engine.FindAgent("b")!.State);
    }

    [Fact]
    public void ASupervisorMovingBDuringTheRing_EndsTheConsultAsMissed()
    {
        var (engine, call) = Connected();
        engine.StartConsult("a", call, null, "b", T0.AddSeconds(10));
        Assert.Equal(RoutingOutcome.Ok, engine.ForceAgentState("b", AgentState.NotReady, "supervisor", T0.AddSeconds(12)));
        Assert.Equal((AgentState.NotReady, (ConsultView?)null), (engine.FindAgent("b")!.State, engine.FindAgent("b")!.Consult));
        Assert.Null(engine.FindAgent("a")!.Consult);
        Assert.Contains(engine.DrainEvents(), e => e is CallConsultEnded { Outcome: ConsultOutcome.Missed });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AConsultRestored_RingsOrTalksAgain(bool talking)
    {
        var engine = Engine();
        var call = Guid.NewGuid();
        engine.Restore([new RestoredAgent("a", AgentState.OnCall, null, T0), new RestoredAgent("b", talking ? AgentState.OnCall : AgentState.Reserved, null, T0),
                new RestoredAgent("c", AgentState.Available, null, T0)],
            [new RestoredCall(call, "bank", "hash", 5, T0, CallState.OnCall, "a", T0.AddSeconds(2))
                { HeldSince = T0.AddSeconds(10), Consult = new RestoredConsult("b", null, talking, T0.AddSeconds(10)) }],
            T0.AddSeconds(20));
        var b = engine.FindAgent("b")!;
        Assert.Equal((talking ? AgentState.OnCall : AgentState.Reserved, call, talking), (b.State, b.Consult!.CallId, b.Consult.Talking));
        if (talking)
            Assert.Equal(RoutingOutcome.Ok, engine.CompleteConsult("a", call, T0.AddSeconds(30)));
        else
        {
            engine.Tick(T0.AddSeconds(29));
            Assert.Equal(AgentState.Reserved, engine.FindAgent("b")!.State);
            engine.Tick(T0.AddSeconds(30));
            Assert.Equal(AgentState.Available, engine.FindAgent("b")!.State);
        }
    }
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void RandomConsultsAndCalls_NeverGiveAnAgentTwoThings_AndKeepTalkPlusHoldEqualToConnected(int seed)
    {
        var random = new Random(seed);
        string[] ids = ["a", "b", "c", "d", "e"];
        var engine = new RoutingEngine([TestQueues.Queue("bank", "lumiere", Banking, wrapUpSeconds: 3, offerTimeoutSeconds: 8),
                TestQueues.Queue("bank2", "lumiere", Banking, offerTimeoutSeconds: 5)],
            ids.Select(id => new RoutingAgent(id, Banking)).ToList());
        var now = T0;
        for (var step = 0; step < 3000; step++)
        {
            now = now.AddSeconds(random.Next(0, 4));
            var agent = ids[random.Next(ids.Length)];
            var other = ids[random.Next(ids.Length)];
            var me = engine.FindAgent(agent)!;
            var mine = me.CallId ?? me.Consult?.CallId ?? Guid.Empty;
            switch (random.Next(9))
            {
                case 0 or 1:
                    engine.Enqueue(new IncomingCall(Guid.NewGuid(), random.Next(2) == 0 ? "bank" : "bank2", "h", null), now);
                    break;
                case 2:
                    engine.SetAgentState(agent, random.Next(4) == 0 ? AgentState.NotReady : AgentState.Available, "break", now);
                    break;
                case 3:
                    if (random.Next(4) == 0) engine.Reject(agent, mine, now);
                    else engine.Answer(agent, mine, now);
                    break;
                case 4:
                    if (random.Next(2) == 0) engine.StartConsult(agent, mine, null, other, now);
                    else engine.StartConsult(agent, mine, random.Next(2) == 0 ? "bank" : "bank2", null, now);
                    break;
                case 5:
                    engine.CompleteConsult(agent, mine, now);
                    break;
                case 6:
                    engine.CancelConsult(agent, mine, now);
                    break;
                case 7:
                    if (random.Next(3) == 0) engine.Complete(agent, mine, null, now);
                    else if (random.Next(2) == 0) engine.ForceAgentState(agent, AgentState.NotReady, "supervisor", now);
                    break;
                default:
                    engine.Tick(now);
                    break;
            }
            foreach (var view in engine.Agents)
            {
                var consulted = view.Consult is { Consulting: false };
                Assert.False(consulted && view.CallId is not null, $"seed {seed} step {step}: {view.AgentId} consulted while holding a call");
                if (consulted)
                    Assert.Equal(view.Consult!.Talking ? AgentState.OnCall : AgentState.Reserved, view.State);
                if (view.Consult is { Consulting: true } consulting)
                {
                    Assert.Equal(view.CallId, consulting.CallId);
                    Assert.NotNull(view.HeldSince);
                    var partner = engine.FindAgent(consulting.OtherAgentId)!;
                    Assert.Equal((Guid?)consulting.CallId, partner.Consult?.CallId);
                    Assert.False(partner.Consult!.Consulting);
                }
                if (view.State == AgentState.Available)
                    Assert.True(view.CallId is null && view.Consult is null, $"seed {seed} step {step}: {view.AgentId} available with work");
            }
            foreach (var e in engine.DrainEvents())
            {
                if (e is CallLegEnded leg)
                    Assert.Equal((leg.EndedAt - leg.AnsweredAt).TotalSeconds, leg.TalkSeconds + leg.HoldSeconds, 6);
                if (e is CallCompleted done)
                    Assert.Equal((done.CompletedAt - done.AnsweredAt).TotalSeconds, done.TalkSeconds + done.HoldSeconds, 6);
            }
        }
    }
}
