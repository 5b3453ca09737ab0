using CallCentre.Contracts.Routing;
using CallCentre.Routing.Engine;

namespace CallCentre.Routing.Tests;

/// <summary>Hold and resume of a connected call: the hold of a leg adds up, ends with the leg, and is not talk.</summary>
public class RoutingHoldTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    private static RoutingEngine Engine() => new(
        [
            TestQueues.Queue("front", "bank", new Dictionary<string, int> { ["fr"] = 1 }, 5, 20, 15),
            TestQueues.Queue("back", "bank", new Dictionary<string, int> { ["fr"] = 1 }, 5, 10, 15),
        ],
        [
            new RoutingAgent("a", new Dictionary<string, int> { ["fr"] = 3 }),
            new RoutingAgent("b", new Dictionary<string, int> { ["fr"] = 3 }),
        ]);

    /// <summary>A call in "front" answered by agent a at T0 + 5 s.</summary>
    private static (RoutingEngine Engine, Guid CallId) Connected()
    {
        var engine = Engine();
        engine.SetAgentState("a", AgentState.Available, null, T0);
        var call = new IncomingCall(Guid.NewGuid(), "front", "h", null);
        engine.Enqueue(call, T0);
        Assert.Equal(RoutingOutcome.Ok, engine.Answer("a", call.CallId, T0.AddSeconds(5)));
        engine.DrainEvents();
        return (engine, call.CallId);
    }

    [Fact]
    public void SeveralHolds_AddUp_AndTalkExcludesThem()
    {
        var (engine, callId) = Connected();
        Assert.Equal(RoutingOutcome.Ok, engine.Hold("a", callId, T0.AddSeconds(10)));
        Assert.Equal(RoutingOutcome.Ok, engine.Resume("a", callId, T0.AddSeconds(40)));
        Assert.Equal(RoutingOutcome.Ok, engine.Hold("a", callId, T0.AddSeconds(50)));
        Assert.Equal(RoutingOutcome.Ok, engine.Resume("a", callId, T0.AddSeconds(62.5)));
        var events = engine.DrainEvents();
        Assert.Equal([0d, 30d], events.OfType<CallHeld>().Select(h => h.HoldSeconds));
        Assert.Equal([30d, 42.5d], events.OfType<CallResumed>().Select(r => r.HoldSeconds));
        Assert.Equal(AgentState.OnCall, engine.FindAgent("a")!.State); // hold is not an agent state

        Assert.Equal(RoutingOutcome.Ok, engine.Complete("a", callId, "resolved", T0.AddSeconds(105)));
        var completed = Assert.Single(engine.DrainEvents().OfType<CallCompleted>());
        Assert.Equal(42.5, completed.HoldSeconds, 6);
        Assert.Equal(100 - 42.5, completed.TalkSeconds, 6);
        Assert.Equal(20, completed.WrapUpSeconds);
    }

    [Fact]
    public void CompletingAHeldCall_EndsTheHoldFirst()
    {
        var (engine, callId) = Connected();
        engine.Hold("a", callId, T0.AddSeconds(15));
        Assert.True(engine.FindAgent("a")!.HeldSince == T0.AddSeconds(15));
        engine.Complete("a", callId, null, T0.AddSeconds(45));
        var completed = Assert.Single(engine.DrainEvents().OfType<CallCompleted>());
        Assert.Equal(30, completed.HoldSeconds, 6);
        Assert.Equal(10, completed.TalkSeconds, 6);
        Assert.Null(engine.FindAgent("a")!.HeldSince);
    }

    [Fact]
    public void HoldWhenHeld_ResumeWhenNotHeld_AndAnotherAgentsCall_AreRefused()
    {
        var (engine, callId) = Connected();
        Assert.Equal(RoutingOutcome.InvalidState, engine.Resume("a", callId, T0.AddSeconds(6)));
        Assert.Equal(RoutingOutcome.Ok, engine.Hold("a", callId, T0.AddSeconds(7)));
        Assert.Equal(RoutingOutcome.InvalidState, engine.Hold("a", callId, T0.AddSeconds(8)));
        Assert.Equal(RoutingOutcome.NotAgentsCall, engine.Hold("b", callId, T0.AddSeconds(8)));
        Assert.Equal(RoutingOutcome.NotAgentsCall, engine.Resume("b", callId, T0.AddSeconds(8)));
        Assert.Equal(RoutingOutcome.UnknownCall, engine.Hold("a", Guid.NewGuid(), T0.AddSeconds(8)));
        Assert.Equal(RoutingOutcome.UnknownAgent, engine.Hold("nobody", callId, T0.AddSeconds(8)));
        Assert.Single(engine.DrainEvents().OfType<CallHeld>());
    }

    [Fact]
    public void AnOfferedCall_CannotBeHeld()
    {
        var engine = Engine();
        engine.SetAgentState("a", AgentState.Available, null, T0);
        var call = new IncomingCall(Guid.NewGuid(), "front", "h", null);
        engine.Enqueue(call, T0);
        Assert.Equal(RoutingOutcome.InvalidState, engine.Hold("a", call.CallId, T0.AddSeconds(1)));
    }

    [Fact]
    public void TransferringAHeldCall_ReportsTheLegsHoldAndWrapUp_AndTheNextLegStartsWithNoHold()
    {
        var (engine, callId) = Connected();
        engine.Hold("a", callId, T0.AddSeconds(10));
        Assert.Equal(RoutingOutcome.Ok, engine.Transfer("a", callId, "back", T0.AddSeconds(25)));
        var transferred = Assert.Single(engine.DrainEvents().OfType<CallTransferred>());
        Assert.Equal(15, transferred.HoldSeconds, 6);
        Assert.Equal(20, transferred.WrapUpSeconds); // the "front" queue's after-call work, which agent a now does
        Assert.Equal(AgentState.AfterCallWork, engine.FindAgent("a")!.State);

        engine.SetAgentState("b", AgentState.Available, null, T0.AddSeconds(26));
        Assert.Equal(RoutingOutcome.Ok, engine.Answer("b", callId, T0.AddSeconds(27)));
        Assert.Equal(RoutingOutcome.InvalidState, engine.Resume("b", callId, T0.AddSeconds(28)));
        engine.Complete("b", callId, null, T0.AddSeconds(37));
        var completed = Assert.Single(engine.DrainEvents().OfType<CallCompleted>());
        Assert.Equal(0, completed.HoldSeconds);
        Assert.Equal(10, completed.TalkSeconds, 6);
        Assert.Equal(10, completed.WrapUpSeconds);
    }

    [Fact]
    public void Restore_KeepsTheHoldOfAConnectedCall()
    {
        var engine = Engine();
        var held = Guid.NewGuid();
        var resumed = Guid.NewGuid();
        engine.Restore(
            [new RestoredAgent("a", AgentState.OnCall, null, T0), new RestoredAgent("b", AgentState.OnCall, null, T0)],
            [
                new RestoredCall(held, "front", "h", 5, T0, CallState.OnCall, "a", T0.AddSeconds(5))
                    { HoldSeconds = 12, HeldSince = T0.AddSeconds(40) },
                new RestoredCall(resumed, "front", "h", 5, T0, CallState.OnCall, "b", T0.AddSeconds(5)) { HoldSeconds = 8 },
            ],
            T0.AddSeconds(50));
        Assert.Equal(T0.AddSeconds(40), engine.FindAgent("a")!.HeldSince);
        Assert.Equal(12, engine.FindAgent("a")!.HoldSeconds);
        Assert.Equal(RoutingOutcome.InvalidState, engine.Hold("a", held, T0.AddSeconds(51)));
        Assert.Equal(RoutingOutcome.Ok, engine.Resume("a", held, T0.AddSeconds(60)));
        Assert.Equal(RoutingOutcome.Ok, engine.Complete("a", held, null, T0.AddSeconds(105)));
        Assert.Equal(RoutingOutcome.Ok, engine.Complete("b", resumed, null, T0.AddSeconds(105)));
        var completed = engine.DrainEvents().OfType<CallCompleted>().ToDictionary(c => c.CallId);
        Assert.Equal(32, completed[held].HoldSeconds, 6);
        Assert.Equal(100 - 32, completed[held].TalkSeconds, 6);
        Assert.Equal(8, completed[resumed].HoldSeconds, 6);
        Assert.Equal(92, completed[resumed].TalkSeconds, 6);
    }
}
