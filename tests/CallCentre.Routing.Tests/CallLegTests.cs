using CallCentre.Contracts.Routing;
using CallCentre.Routing.Data;
using CallCentre.Routing.Engine;

namespace CallCentre.Routing.Tests;

/// <summary>One <see cref="CallLegEnded"/> per answered leg, once its after-call work is over (or at its end when the queue has
/// no wrap-up), with the leg's own figures.</summary>
public class CallLegTests
{
    private static readonly DateTimeOffset T0 = RoutingWrapUpTests.T0;

    [Fact]
    public void CallWithHoldATransferAndWrapUps_GivesTwoLegs_EachReportedWhenItsWrapUpEnds()
    {
        var engine = RoutingWrapUpTests.Engine(); // "front" 20 s of wrap-up, "back" 10 s
        engine.SetAgentState("a", AgentState.Available, null, T0);
        var call = new IncomingCall(Guid.NewGuid(), "front", "h", null);
        engine.Enqueue(call, T0);
        engine.Answer("a", call.CallId, T0.AddSeconds(5));
        engine.Hold("a", call.CallId, T0.AddSeconds(10));
        engine.Resume("a", call.CallId, T0.AddSeconds(15));
        Assert.Equal(RoutingOutcome.Ok, engine.Transfer("a", call.CallId, "back", T0.AddSeconds(25)));
        Assert.Empty(engine.DrainEvents().OfType<CallLegEnded>()); // a's after-call work has begun, not ended

        engine.SetAgentState("b", AgentState.Available, null, T0.AddSeconds(26));
        engine.Answer("b", call.CallId, T0.AddSeconds(27));
        engine.SetAgentState("a", AgentState.Available, null, T0.AddSeconds(31)); // 6 s of the 20
        Assert.Equal(RoutingOutcome.Ok, engine.Complete("b", call.CallId, "resolved", T0.AddSeconds(37)));
        engine.Tick(T0.AddSeconds(47)); // b's 10 s run out
        var events = engine.DrainEvents();

        Assert.Equal(
            [
                new CallLegEnded(call.CallId, "bank", "front", "a", T0, T0.AddSeconds(5), T0.AddSeconds(25), CallLegEnd.Transferred, 15, 5, 6, null),
                new CallLegEnded(call.CallId, "bank", "back", "b", T0, T0.AddSeconds(27), T0.AddSeconds(37), CallLegEnd.Completed, 10, 0, 10, "resolved"),
            ], events.OfType<CallLegEnded>());
        Assert.Equal([26d, 20d], events.OfType<CallLegEnded>().Select(l => l.HandleSeconds));
        // Each leg follows the end of its wrap-up.
        var list = events.ToList();
        Assert.All(events.OfType<CallLegEnded>(), leg =>
            Assert.True(list.FindIndex(e => e is CallWrapUpEnded w && w.AgentId == leg.AgentId) < list.IndexOf(leg)));
    }

    [Fact]
    public void QueueWithoutWrapUp_ReportsTheLegAtCompletion_BeforeTheAgentIsAvailable()
    {
        var engine = RoutingWrapUpTests.Engine();
        engine.SetAgentState("a", AgentState.Available, null, T0);
        var call = new IncomingCall(Guid.NewGuid(), "quick", "h", null);
        engine.Enqueue(call, T0);
        engine.Answer("a", call.CallId, T0.AddSeconds(5));
        engine.Hold("a", call.CallId, T0.AddSeconds(20));
        engine.Complete("a", call.CallId, "resolved", T0.AddSeconds(65)); // completed while held: 45 s on hold
        var events = engine.DrainEvents().ToList();

        var leg = Assert.Single(events.OfType<CallLegEnded>());
        Assert.Equal(new CallLegEnded(call.CallId, "bank", "quick", "a", T0, T0.AddSeconds(5), T0.AddSeconds(65), CallLegEnd.Completed, 15, 45, 0,
            "resolved"), leg);
        Assert.True(events.IndexOf(leg) < events.FindLastIndex(e => e is AgentStateChanged { AgentId: "a", State: "Available" }));
        engine.Tick(T0.AddSeconds(200));
        Assert.Empty(engine.DrainEvents().OfType<CallLegEnded>());
    }

    [Fact]
    public void EstimatedWait_LearnsTheHandleTimeOfTransferredLegsToo()
    {
        var engine = RoutingWrapUpTests.Engine();
        engine.SetAgentState("a", AgentState.Available, null, T0);
        var first = new IncomingCall(Guid.NewGuid(), "front", "h", null);
        engine.Enqueue(first, T0);
        engine.Answer("a", first.CallId, T0.AddSeconds(5));
        engine.Transfer("a", first.CallId, "back", T0.AddSeconds(25)); // 20 s of talk, then 20 s of wrap-up
        engine.Tick(T0.AddSeconds(45)); // a's wrap-up ends; the transferred call rings at a
        var (second, third) = (new IncomingCall(Guid.NewGuid(), "front", "h", null), new IncomingCall(Guid.NewGuid(), "front", "h", null));
        engine.Enqueue(second, T0.AddSeconds(50));
        engine.Enqueue(third, T0.AddSeconds(51));
        Assert.Equal(80, engine.FindCall(third.CallId)!.EstimatedWaitSeconds); // 2 calls × 40 s / 1 staffed agent
    }
}

/// <summary>The leg an agent is wrapping up survives a Routing restart: the restarted engine reports it once, with its figures,
/// and the stored event goes out through the outbox like the others.</summary>
public abstract class RoutingStoreCallLegTests<TDatabase>(TDatabase db) : IClassFixture<TDatabase>
    where TDatabase : CallCentre.Testing.TestDatabase<RoutingModule>
{
    private readonly RoutingStore _store = new(db.Database);
    private static readonly DateTimeOffset T0 = RoutingWrapUpTests.T0;

    [Fact]
    public async Task RestartDuringWrapUp_ReportsEachLegOnce_WithItsFigures()
    {
        // a completes a held call in "front" (20 s of wrap-up); b transfers another from "front" to "back" (20 s of wrap-up too).
        var engine = RoutingWrapUpTests.Engine();
        engine.SetAgentState("a", AgentState.Available, null, T0);
        engine.SetAgentState("b", AgentState.Available, null, T0);
        var (completed, transferred) = (new IncomingCall(Guid.NewGuid(), "front", "h", null), new IncomingCall(Guid.NewGuid(), "front", "h", null));
        engine.Enqueue(completed, T0);
        engine.Enqueue(transferred, T0.AddSeconds(1));
        var ringing = engine.FindAgent("a")!.CallId == completed.CallId ? ("a", "b") : ("b", "a");
        var (agentOfCompleted, agentOfTransferred) = ringing;
        engine.Answer(agentOfCompleted, completed.CallId, T0.AddSeconds(5));
        engine.Answer(agentOfTransferred, transferred.CallId, T0.AddSeconds(6));
        engine.Hold(agentOfCompleted, completed.CallId, T0.AddSeconds(10));
        engine.Resume(agentOfCompleted, completed.CallId, T0.AddSeconds(18));
        engine.Complete(agentOfCompleted, completed.CallId, "resolved", T0.AddSeconds(65));
        engine.Hold(agentOfTransferred, transferred.CallId, T0.AddSeconds(20));
        engine.Transfer(agentOfTransferred, transferred.CallId, "back", T0.AddSeconds(30)); // held when transferred: 10 s
        var before = engine.DrainEvents();
        Assert.Empty(before.OfType<CallLegEnded>());
        await _store.ApplyAsync(before, default);
        await _store.DeletePublishedAsync((await _store.PendingAsync(default)).Select(p => p.Id).ToList(), default);

        var (agents, calls) = await _store.LoadAsync(default);
        var restarted = RoutingWrapUpTests.Engine();
        restarted.Restore(agents, calls, T0.AddSeconds(70));
        restarted.Tick(T0.AddSeconds(70.25));
        var after = restarted.DrainEvents();
        Assert.Equal(
            [
                new CallLegEnded(transferred.CallId, "bank", "front", agentOfTransferred, T0.AddSeconds(1), T0.AddSeconds(6), T0.AddSeconds(30),
                    CallLegEnd.Transferred, 14, 10, 20, null),
                new CallLegEnded(completed.CallId, "bank", "front", agentOfCompleted, T0, T0.AddSeconds(5), T0.AddSeconds(65), CallLegEnd.Completed,
                    52, 8, 5, "resolved"),
            ], after.OfType<CallLegEnded>().OrderBy(l => l.EndedAt));

        // Stored with the outbox and published from it as stored; the stored legs are then forgotten.
        await _store.ApplyAsync(after, default);
        var pending = (await _store.PendingAsync(default)).Select(p => p.Message).OfType<CallLegEnded>().OrderBy(l => l.EndedAt);
        Assert.Equal(after.OfType<CallLegEnded>().OrderBy(l => l.EndedAt), pending);
        var (reloaded, _) = await _store.LoadAsync(default);
        var again = RoutingWrapUpTests.Engine();
        again.Restore(reloaded, [], T0.AddSeconds(80));
        again.Tick(T0.AddSeconds(80.25));
        Assert.Empty(again.DrainEvents().OfType<CallLegEnded>());
    }
}

public sealed class SqliteRoutingStoreCallLegTests(SqliteRoutingDatabase db) : RoutingStoreCallLegTests<SqliteRoutingDatabase>(db);

public sealed class PostgresRoutingStoreCallLegTests(PostgresRoutingDatabase db) : RoutingStoreCallLegTests<PostgresRoutingDatabase>(db);
