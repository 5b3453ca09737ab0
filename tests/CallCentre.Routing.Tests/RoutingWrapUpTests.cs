using CallCentre.Contracts.Routing;
using CallCentre.Routing.Data;
using CallCentre.Routing.Engine;

namespace CallCentre.Routing.Tests;

/// <summary>After-call work as the agents actually do it: <see cref="CallWrapUpEnded"/> reports the wrap-up of each leg, however
/// it ends (deadline, the agent's own state change, a supervisor, a logout, a restart); the time Routing was down is not counted.</summary>
public class RoutingWrapUpTests
{
    internal static readonly DateTimeOffset T0 = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    /// <summary>"front" has 20 s of wrap-up, "back" 10 s, "quick" none.</summary>
    internal static RoutingEngine Engine() => new(
        [
            TestQueues.Queue("front", "bank", new Dictionary<string, int> { ["fr"] = 1 }, 5, 20, 15),
            TestQueues.Queue("back", "bank", new Dictionary<string, int> { ["fr"] = 1 }, 5, 10, 15),
            TestQueues.Queue("quick", "bank", new Dictionary<string, int> { ["fr"] = 1 }, 5, 0, 15),
        ],
        [
            new RoutingAgent("a", new Dictionary<string, int> { ["fr"] = 3 }),
            new RoutingAgent("b", new Dictionary<string, int> { ["fr"] = 3 }),
        ]);

    /// <summary>A call in <paramref name="queue"/> queued at T0, answered by agent a at T0 + 5 s and completed at T0 + 65 s.</summary>
    internal static (RoutingEngine Engine, Guid CallId) Completed(string queue = "front")
    {
        var engine = Engine();
        engine.SetAgentState("a", AgentState.Available, null, T0);
        var call = new IncomingCall(Guid.NewGuid(), queue, "h", null);
        engine.Enqueue(call, T0);
        Assert.Equal(RoutingOutcome.Ok, engine.Answer("a", call.CallId, T0.AddSeconds(5)));
        Assert.Equal(RoutingOutcome.Ok, engine.Complete("a", call.CallId, "resolved", T0.AddSeconds(65)));
        return (engine, call.CallId);
    }

    [Fact]
    public void AgentAvailableBeforeTheDeadline_ReportsTheWrapUpActuallyDone()
    {
        var (engine, callId) = Completed();
        var completed = Assert.Single(engine.DrainEvents().OfType<CallCompleted>());
        Assert.Equal(20, completed.WrapUpSeconds); // still the configured, expected value
        Assert.Equal(AgentState.AfterCallWork, engine.FindAgent("a")!.State);

        Assert.Equal(RoutingOutcome.Ok, engine.SetAgentState("a", AgentState.Available, null, T0.AddSeconds(72.5)));
        var events = engine.DrainEvents();
        var ended = Assert.Single(events.OfType<CallWrapUpEnded>());
        Assert.Equal(new CallWrapUpEnded(callId, "bank", "front", T0, "a", T0.AddSeconds(65), T0.AddSeconds(72.5), 7.5), ended);
        // Reported before the agent's new state.
        Assert.True(events.ToList().IndexOf(ended) < events.ToList().FindIndex(e => e is AgentStateChanged { State: "Available" }));

        engine.Tick(T0.AddSeconds(90)); // the old deadline passes: nothing more
        Assert.Empty(engine.DrainEvents().OfType<CallWrapUpEnded>());
    }

    [Fact]
    public void WrapUpRunningToItsDeadline_LastsUntilTheTickThatEndsIt_AsTheAgentsState()
    {
        var (engine, callId) = Completed();
        engine.DrainEvents();
        engine.Tick(T0.AddSeconds(84.75));
        Assert.Empty(engine.DrainEvents().OfType<CallWrapUpEnded>());
        engine.Tick(T0.AddSeconds(86.5)); // a late tick: the agent stays in after-call work until it
        var events = engine.DrainEvents();
        var ended = Assert.Single(events.OfType<CallWrapUpEnded>());
        Assert.Equal((callId, T0.AddSeconds(86.5), 21.5), (ended.CallId, ended.EndedAt, ended.WrapUpSeconds));
        Assert.Equal(T0.AddSeconds(86.5), Assert.Single(events.OfType<AgentStateChanged>()).ChangedAt);
        Assert.Equal(21.5, Assert.Single(events.OfType<CallLegEnded>()).WrapUpSeconds);
        Assert.Equal(AgentState.Available, engine.FindAgent("a")!.State);
    }

    [Theory]
    [InlineData("force-not-ready", 3)]
    [InlineData("force-available", 4)]
    [InlineData("logout", 12)]
    [InlineData("not-ready", 15)]
    public void WrapUpEndedByASupervisorALogoutOrABreak_ReportsTheTimeUntilThen(string how, double after)
    {
        var (engine, callId) = Completed();
        engine.DrainEvents();
        var at = T0.AddSeconds(65 + after);
        var outcome = how switch
        {
            "force-not-ready" => engine.ForceAgentState("a", AgentState.NotReady, null, at),
            "force-available" => engine.ForceAgentState("a", AgentState.Available, null, at),
            "logout" => engine.SetAgentState("a", AgentState.LoggedOut, null, at),
            _ => engine.SetAgentState("a", AgentState.NotReady, "break", at),
        };
        Assert.Equal(RoutingOutcome.Ok, outcome);
        var ended = Assert.Single(engine.DrainEvents().OfType<CallWrapUpEnded>());
        Assert.Equal((callId, "a", at, after), (ended.CallId, ended.AgentId, ended.EndedAt, ended.WrapUpSeconds));

        // Later state changes are not after-call work: nothing more is reported.
        engine.SetAgentState("a", AgentState.Available, null, at.AddSeconds(1));
        engine.SetAgentState("a", AgentState.NotReady, "lunch", at.AddSeconds(2));
        engine.Tick(T0.AddSeconds(120));
        Assert.Empty(engine.DrainEvents().OfType<CallWrapUpEnded>());
    }

    [Fact]
    public void EstimatedWait_CountsTheWrapUpActuallyDone()
    {
        var (engine, _) = Completed(); // talk 60 s, 20 s of wrap-up expected
        engine.SetAgentState("a", AgentState.Available, null, T0.AddSeconds(70)); // 5 s done
        engine.Enqueue(new IncomingCall(Guid.NewGuid(), "front", "h", null), T0.AddSeconds(80)); // rings at a
        var waiting = new IncomingCall(Guid.NewGuid(), "front", "h", null);
        engine.Enqueue(waiting, T0.AddSeconds(81));
        Assert.Equal(65, engine.FindCall(waiting.CallId)!.EstimatedWaitSeconds); // 1 call × (60 + 5) s / 1 staffed agent
    }

    [Fact]
    public void QueueWithoutWrapUp_ReportsNone()
    {
        var (engine, _) = Completed("quick");
        Assert.Equal(AgentState.Available, engine.FindAgent("a")!.State);
        engine.SetAgentState("a", AgentState.NotReady, "break", T0.AddSeconds(70));
        engine.Tick(T0.AddSeconds(200));
        Assert.Empty(engine.DrainEvents().OfType<CallWrapUpEnded>());
    }

    [Fact]
    public void TransferredLeg_ReportsItsAgentsWrapUpInTheQueueTransferredFrom_AndTheLastLegItsOwn()
    {
        var engine = Engine();
        engine.SetAgentState("a", AgentState.Available, null, T0);
        var call = new IncomingCall(Guid.NewGuid(), "front", "h", null);
        engine.Enqueue(call, T0);
        engine.Answer("a", call.CallId, T0.AddSeconds(5));
        Assert.Equal(RoutingOutcome.Ok, engine.Transfer("a", call.CallId, "back", T0.AddSeconds(25)));
        engine.SetAgentState("b", AgentState.Available, null, T0.AddSeconds(26));
        Assert.Equal(RoutingOutcome.Ok, engine.Answer("b", call.CallId, T0.AddSeconds(27)));
        engine.SetAgentState("a", AgentState.Available, null, T0.AddSeconds(31)); // 6 s of the "front" queue's 20
        engine.Complete("b", call.CallId, null, T0.AddSeconds(37));
        engine.Tick(T0.AddSeconds(47)); // b's 10 s run out
        var ended = engine.DrainEvents().OfType<CallWrapUpEnded>().ToList();
        Assert.Equal(
            [
                new CallWrapUpEnded(call.CallId, "bank", "front", T0, "a", T0.AddSeconds(25), T0.AddSeconds(31), 6),
                new CallWrapUpEnded(call.CallId, "bank", "back", T0, "b", T0.AddSeconds(37), T0.AddSeconds(47), 10),
            ], ended);
    }

    [Fact]
    public void Restore_EndsTheWrapUpAtTheRestart_OrAtItsDeadlineIfThatPassedWhileDown_AndReportsNothingWithoutItsLeg()
    {
        var engine = Engine();
        var (soon, late) = (Guid.NewGuid(), Guid.NewGuid());
        var restart = T0.AddSeconds(100);
        engine.Restore(
            [
                // a: 20 s of wrap-up from +90 s, cut by the restart at +100 s; b: from +60 s, its deadline (+80 s) passed while down.
                new RestoredAgent("a", AgentState.AfterCallWork, null, T0.AddSeconds(90))
                {
                    WrapUp = new WrapUpLeg(soon, "bank", "front", T0, T0.AddSeconds(90)), WrapUpEndsAt = T0.AddSeconds(110),
                },
                new RestoredAgent("b", AgentState.AfterCallWork, null, T0.AddSeconds(60))
                {
                    WrapUp = new WrapUpLeg(late, "bank", "front", T0, T0.AddSeconds(60)), WrapUpEndsAt = T0.AddSeconds(80),
                },
            ], [], restart);
        Assert.Empty(engine.DrainEvents().OfType<CallWrapUpEnded>()); // nothing is reported for what is restored
        engine.Tick(restart.AddSeconds(0.25));
        var ended = engine.DrainEvents().OfType<CallWrapUpEnded>().OrderBy(e => e.AgentId).ToList();
        Assert.Equal(
            [
                new CallWrapUpEnded(soon, "bank", "front", T0, "a", T0.AddSeconds(90), restart, 10),
                new CallWrapUpEnded(late, "bank", "front", T0, "b", T0.AddSeconds(60), T0.AddSeconds(80), 20),
            ], ended);
        Assert.All(engine.Agents, a => Assert.Equal(AgentState.Available, a.State));

        // A state stored before the leg was kept: the wrap-up still ends at the next tick, unreported.
        var older = Engine();
        older.Restore([new RestoredAgent("a", AgentState.AfterCallWork, null, T0.AddSeconds(90))], [], restart);
        older.Tick(restart.AddSeconds(0.25));
        Assert.Equal(AgentState.Available, older.FindAgent("a")!.State);
        Assert.Empty(older.DrainEvents().OfType<CallWrapUpEnded>());
    }
}

/// <summary>Routing's store keeps the leg an agent is wrapping up, so that a restarted engine reports its after-call work,
/// and forgets it once reported.</summary>
public abstract class RoutingStoreWrapUpTests<TDatabase>(TDatabase db) : IClassFixture<TDatabase>
    where TDatabase : CallCentre.Testing.TestDatabase<RoutingModule>
{
    private readonly RoutingStore _store = new(db.Database);

    [Fact]
    public async Task RestartDuringWrapUp_ReportsTheWorkUntilTheRestart_AndAReportedWrapUpIsForgotten()
    {
        // Agent a completes a call in "front" at +65 s (20 s of wrap-up); agent b transfers one to "back" at +40 s and is done at +45 s.
        var (engine, callId) = RoutingWrapUpTests.Completed();
        var T0 = RoutingWrapUpTests.T0;
        engine.SetAgentState("b", AgentState.Available, null, T0);
        var other = new IncomingCall(Guid.NewGuid(), "front", "h", null);
        engine.Enqueue(other, T0.AddSeconds(30));
        Assert.Equal(RoutingOutcome.Ok, engine.Answer("b", other.CallId, T0.AddSeconds(31)));
        engine.Transfer("b", other.CallId, "back", T0.AddSeconds(40));
        engine.SetAgentState("b", AgentState.Available, null, T0.AddSeconds(45));
        await _store.ApplyAsync(engine.DrainEvents(), default);

        var (agents, calls) = await _store.LoadAsync(default);
        var a = Assert.Single(agents, s => s.AgentId == "a");
        Assert.Equal(new WrapUpLeg(callId, "bank", "front", T0, T0.AddSeconds(65))
        {
            AnsweredAt = T0.AddSeconds(5), TalkSeconds = 60, HoldSeconds = 0, EndedBy = CallLegEnd.Completed, Disposition = "resolved",
        }, a.WrapUp);
        Assert.Equal(T0.AddSeconds(85), a.WrapUpEndsAt);
        Assert.Null(Assert.Single(agents, s => s.AgentId == "b").WrapUp); // its wrap-up was reported

        var restarted = RoutingWrapUpTests.Engine();
        restarted.Restore(agents, calls, T0.AddSeconds(71));
        restarted.Tick(T0.AddSeconds(71.25));
        var events = restarted.DrainEvents();
        var ended = Assert.Single(events.OfType<CallWrapUpEnded>());
        Assert.Equal(new CallWrapUpEnded(callId, "bank", "front", T0, "a", T0.AddSeconds(65), T0.AddSeconds(71), 6), ended);
        await _store.ApplyAsync(events, default);
        Assert.All((await _store.LoadAsync(default)).Agents, s => Assert.Null(s.WrapUp));
    }
}

public sealed class SqliteRoutingDatabase() : CallCentre.Testing.SqliteTestDatabase<RoutingModule>("Routing");

public sealed class PostgresRoutingDatabase() : CallCentre.Testing.PostgresTestDatabase<RoutingModule>("Routing");

public sealed class SqliteRoutingStoreWrapUpTests(SqliteRoutingDatabase db) : RoutingStoreWrapUpTests<SqliteRoutingDatabase>(db);

public sealed class PostgresRoutingStoreWrapUpTests(PostgresRoutingDatabase db) : RoutingStoreWrapUpTests<PostgresRoutingDatabase>(db);
