using CallCentre.Contracts.Routing;
using CallCentre.Routing.Engine;

namespace CallCentre.Routing.Tests;

/// <summary>A blind transfer the telephony edge could not carry out goes back to the agent who made it (docs/routing.md).</summary>
public class FailedTransferTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, int> Banking = new() { ["banking"] = 3 };
    private static readonly Dictionary<string, int> Cards = new() { ["cards"] = 3 };

    private static RoutingEngine Engine(int wrapUpSeconds) =>
        new([TestQueues.Queue("bank", "lumiere", Banking, wrapUpSeconds: wrapUpSeconds, offerTimeoutSeconds: 10),
             TestQueues.Queue("cards", "lumiere", Cards)],
            [new RoutingAgent("a", Banking), new RoutingAgent("b", Banking), new RoutingAgent("c", Cards)]);

    /// <summary>a answered at T0+2; b is available.</summary>
    private static (RoutingEngine Engine, Guid Call) Connected(int wrapUpSeconds = 20)
    {
        var engine = Engine(wrapUpSeconds);
        engine.SetAgentState("a", AgentState.Available, null, T0);
        var call = Guid.NewGuid();
        engine.Enqueue(new IncomingCall(call, "bank", "hash", null), T0);
        Assert.Equal(RoutingOutcome.Ok, engine.Answer("a", call, T0.AddSeconds(2)));
        engine.SetAgentState("b", AgentState.Available, null, T0.AddSeconds(3));
        engine.DrainEvents();
        return (engine, call);
    }

    [Fact]
    public void FailureWhileTheColleagueRings_WithdrawsTheOffer_AndConnectsTheCallToTheFirstAgentAgain()
    {
        var (engine, call) = Connected();
        Assert.Equal(RoutingOutcome.Ok, engine.TransferToAgent("a", call, "b", T0.AddSeconds(30)));
        Assert.Equal(("b", CallState.Offered), (engine.FindCall(call)!.AgentId, engine.FindCall(call)!.State));
        engine.DrainEvents();

        Assert.Equal(RoutingOutcome.Ok, engine.TransferFailed(call, "603", T0.AddSeconds(31)));
        var a = engine.FindAgent("a")!;
        Assert.Equal((AgentState.OnCall, call, T0.AddSeconds(31), call), (a.State, a.CallId, a.AnsweredAt, a.TransferFailedCallId));
        var b = engine.FindAgent("b")!;
        Assert.Equal((AgentState.Available, (Guid?)null), (b.State, b.CallId));
        Assert.Equal(("a", CallState.OnCall, "bank"), (engine.FindCall(call)!.AgentId, engine.FindCall(call)!.State, engine.FindCall(call)!.QueueId));
        var events = engine.DrainEvents();
        var returned = Assert.Single(events.OfType<CallOfferReturned>());
        Assert.Equal(("b", OfferReturn.Withdrawn), (returned.AgentId, returned.Reason));
        var failed = Assert.Single(events.OfType<CallTransferFailed>());
        Assert.Equal(("a", "bank", "603", T0.AddSeconds(30), T0), (failed.AgentId, failed.QueueId, failed.Reason, failed.TransferredAt, failed.QueuedAt));
        Assert.Contains(events, e => e is CallAnswered { AgentId: "a" } x && x.AnsweredAt == T0.AddSeconds(31));
        // a's after-call work of the transferred leg ends as the call comes back: that leg is reported once, as transferred.
        var leg = Assert.Single(events.OfType<CallLegEnded>());
        Assert.Equal(("a", CallLegEnd.Transferred, 28.0, 1.0), (leg.AgentId, leg.EndedBy, leg.TalkSeconds, leg.WrapUpSeconds));
    }

    [Fact]
    public void FailureOfATransferToAQueue_TakesTheCallOutOfThatQueue()
    {
        var (engine, call) = Connected(wrapUpSeconds: 0);
        Assert.Equal(RoutingOutcome.Ok, engine.Transfer("a", call, "cards", T0.AddSeconds(30)));
        Assert.Equal((CallState.Waiting, "cards"), (engine.FindCall(call)!.State, engine.FindCall(call)!.QueueId));
        Assert.Equal(AgentState.Available, engine.FindAgent("a")!.State);
        engine.DrainEvents();

        Assert.Equal(RoutingOutcome.Ok, engine.TransferFailed(call, null, T0.AddSeconds(40)));
        Assert.Equal(("a", CallState.OnCall, "bank"), (engine.FindCall(call)!.AgentId, engine.FindCall(call)!.State, engine.FindCall(call)!.QueueId));
        Assert.Equal(0, engine.Snapshot("cards", T0.AddSeconds(40)).CallsWaiting);
        engine.SetAgentState("c", AgentState.Available, null, T0.AddSeconds(41));
        Assert.Equal((AgentState.Available, (Guid?)null), (engine.FindAgent("c")!.State, engine.FindAgent("c")!.CallId));

        Assert.Equal(RoutingOutcome.Ok, engine.Complete("a", call, null, T0.AddSeconds(100)));
        var events = engine.DrainEvents();
        var completed = Assert.Single(events.OfType<CallCompleted>());
        Assert.Equal(("a", "bank", 60.0, T0.AddSeconds(40)), (completed.AgentId, completed.QueueId, completed.TalkSeconds, completed.AnsweredAt));
        Assert.Contains(events, e => e is CallLegEnded { AgentId: "a", EndedBy: CallLegEnd.Completed, TalkSeconds: 60.0 });
    }

    [Fact]
    public void FailureAfterTheFirstAgentWasOfferedAnotherCall_PutsThatCallBackInLine_WithoutAMiss()
    {
        var (engine, call) = Connected(wrapUpSeconds: 0);
        engine.SetAgentState("b", AgentState.NotReady, null, T0.AddSeconds(4));
        engine.Transfer("a", call, "cards", T0.AddSeconds(30));
        var other = Guid.NewGuid();
        engine.Enqueue(new IncomingCall(other, "bank", "hash2", null), T0.AddSeconds(31));
        Assert.Equal(("a", CallState.Offered), (engine.FindCall(other)!.AgentId, engine.FindCall(other)!.State));
        engine.DrainEvents();

        Assert.Equal(RoutingOutcome.Ok, engine.TransferFailed(call, "501", T0.AddSeconds(32)));
        Assert.Equal((AgentState.OnCall, call), (engine.FindAgent("a")!.State, engine.FindAgent("a")!.CallId));
        Assert.Equal((CallState.Waiting, (string?)null), (engine.FindCall(other)!.State, engine.FindCall(other)!.AgentId));
        Assert.Contains(engine.DrainEvents(), e => e is CallOfferReturned { AgentId: "a", Reason: OfferReturn.Withdrawn } r && r.CallId == other);
        engine.SetAgentState("b", AgentState.Available, null, T0.AddSeconds(33));
        Assert.Equal("b", engine.FindCall(other)!.AgentId);
    }

    [Fact]
    public void ARepeatedFailure_ChangesNothing()
    {
        var (engine, call) = Connected();
        engine.TransferToAgent("a", call, "b", T0.AddSeconds(30));
        Assert.Equal(RoutingOutcome.Ok, engine.TransferFailed(call, "603", T0.AddSeconds(31)));
        engine.DrainEvents();
        Assert.Equal(RoutingOutcome.Ok, engine.TransferFailed(call, "603", T0.AddSeconds(32)));
        Assert.Empty(engine.DrainEvents());
        Assert.Equal(T0.AddSeconds(31), engine.FindAgent("a")!.AnsweredAt);
    }

    [Fact]
    public void ACallNotInATransfer_IsAConflict_AndAnUnknownOneIsUnknown()
    {
        var (engine, call) = Connected();
        Assert.Equal(RoutingOutcome.InvalidState, engine.TransferFailed(call, null, T0.AddSeconds(10)));
        Assert.Equal(RoutingOutcome.UnknownCall, engine.TransferFailed(Guid.NewGuid(), null, T0.AddSeconds(10)));
        var waiting = Guid.NewGuid();
        engine.Enqueue(new IncomingCall(waiting, "cards", "hash", null), T0.AddSeconds(10));
        Assert.Equal(RoutingOutcome.InvalidState, engine.TransferFailed(waiting, null, T0.AddSeconds(11)));
        Assert.Empty(engine.DrainEvents().OfType<CallTransferFailed>());
    }

    [Fact]
    public void FailureAfterTheColleagueAnswered_IsAConflict_TheTransferHappened()
    {
        var (engine, call) = Connected();
        engine.TransferToAgent("a", call, "b", T0.AddSeconds(30));
        engine.Answer("b", call, T0.AddSeconds(33));
        Assert.Equal(RoutingOutcome.InvalidState, engine.TransferFailed(call, "603", T0.AddSeconds(34)));
        Assert.Equal((AgentState.OnCall, call), (engine.FindAgent("b")!.State, engine.FindAgent("b")!.CallId));
    }

    [Fact]
    public void FailureWhileTheFirstAgentHasAnotherCall_IsAConflict_AndLeavesTheCallWhereItIs()
    {
        var (engine, call) = Connected(wrapUpSeconds: 0);
        engine.SetAgentState("b", AgentState.NotReady, null, T0.AddSeconds(4));
        engine.Transfer("a", call, "cards", T0.AddSeconds(30));
        var other = Guid.NewGuid();
        engine.Enqueue(new IncomingCall(other, "bank", "hash2", null), T0.AddSeconds(31));
        engine.Answer("a", other, T0.AddSeconds(32));
        Assert.Equal(RoutingOutcome.Unavailable, engine.TransferFailed(call, "603", T0.AddSeconds(33)));
        Assert.Equal((CallState.Waiting, "cards"), (engine.FindCall(call)!.State, engine.FindCall(call)!.QueueId));
        Assert.Equal(other, engine.FindAgent("a")!.CallId);
    }

    /// <summary>Seeded: transfers that fail or not, at random moments, never lose or duplicate a call and never leave an agent
    /// holding two.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void RandomTransfersAndFailures_KeepOneCallPerAgent_AndEndEveryCallOnce(int seed)
    {
        var random = new Random(seed);
        var agents = new[] { "a", "b", "d", "e" };
        var engine = new RoutingEngine([TestQueues.Queue("bank", "lumiere", Banking, wrapUpSeconds: random.Next(2) * 5, offerTimeoutSeconds: 10),
                TestQueues.Queue("bank2", "lumiere", Banking)],
            agents.Select(a => new RoutingAgent(a, Banking)).ToList());
        var now = T0;
        foreach (var a in agents) engine.SetAgentState(a, AgentState.Available, null, now);
        var placed = new List<Guid>();
        var ended = new Dictionary<Guid, int>();
        var returned = 0;
        for (var step = 0; step < 400; step++)
        {
            now = now.AddSeconds(random.Next(1, 4));
            switch (random.Next(6))
            {
                case 0:
                    var id = Guid.NewGuid();
                    placed.Add(id);
                    engine.Enqueue(new IncomingCall(id, random.Next(2) == 0 ? "bank" : "bank2", "h", null), now);
                    break;
                case 1:
                    foreach (var a in agents) engine.AnswerCurrentOffer(a, now);
                    break;
                case 2:
                    if (ConnectedCallOf(engine, agents[random.Next(agents.Length)]) is { } x)
                        _ = random.Next(2) == 0 ? engine.Transfer(x.Agent, x.Call, random.Next(2) == 0 ? "bank" : "bank2", now)
                                                : engine.TransferToAgent(x.Agent, x.Call, agents[random.Next(agents.Length)], now);
                    break;
                case 3:
                    if (placed.Count > 0 && engine.TransferFailed(placed[random.Next(placed.Count)], "603", now) == RoutingOutcome.Ok) returned++;
                    break;
                case 4:
                    if (ConnectedCallOf(engine, agents[random.Next(agents.Length)]) is { } y) engine.Complete(y.Agent, y.Call, null, now);
                    break;
                default:
                    engine.Tick(now);
                    foreach (var a in agents)
                        if (engine.FindAgent(a)!.State is AgentState.NotReady or AgentState.AfterCallWork)
                            engine.SetAgentState(a, AgentState.Available, null, now);
                    break;
            }
            foreach (var e in engine.DrainEvents())
                if (e switch { CallCompleted c => c.CallId, CallAbandoned c => c.CallId, CallRejected c => c.CallId, _ => (Guid?)null } is { } end)
                    ended[end] = ended.GetValueOrDefault(end) + 1;
            var held = agents.Select(a => engine.FindAgent(a)!).Where(a => a.CallId is not null).ToList();
            Assert.Equal(held.Count, held.Select(a => a.CallId).Distinct().Count());
            foreach (var a in held)
                Assert.Equal(a.AgentId, engine.FindCall(a.CallId!.Value)!.AgentId);
            Assert.All(ended.Values, n => Assert.Equal(1, n));
            Assert.Equal(placed.Count(c => !ended.ContainsKey(c)), engine.WaitingCalls);
        }
        Assert.True(returned > 0, "no transfer failed in this run");
    }

    private static (string Agent, Guid Call)? ConnectedCallOf(RoutingEngine engine, string agentId) =>
        engine.FindAgent(agentId) is { State: AgentState.OnCall, CallId: { } call } ? (agentId, call) : null;
}
