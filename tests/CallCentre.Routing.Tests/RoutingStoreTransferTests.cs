using CallCentre.Contracts.Routing;
using CallCentre.Routing.Data;
using CallCentre.Routing.Engine;

namespace CallCentre.Routing.Tests;

/// <summary>Routing's store keeps who transferred a waiting call, so that a failure the edge reports after a restart still brings
/// the call back to that agent.</summary>
public abstract class RoutingStoreTransferTests<TDatabase>(TDatabase db) : IClassFixture<TDatabase>
    where TDatabase : CallCentre.Testing.TestDatabase<RoutingModule>
{
    private readonly RoutingStore _store = new(db.Database);

    [Fact]
    public async Task RestartBetweenATransferAndItsFailure_StillBringsTheCallBackToTheAgentWhoTransferredIt()
    {
        var T0 = RoutingWrapUpTests.T0;
        var engine = RoutingWrapUpTests.Engine();
        engine.SetAgentState("a", AgentState.Available, null, T0);
        var call = new IncomingCall(Guid.NewGuid(), "front", "h", null);
        engine.Enqueue(call, T0);
        Assert.Equal(RoutingOutcome.Ok, engine.Answer("a", call.CallId, T0.AddSeconds(5)));
        Assert.Equal(RoutingOutcome.Ok, engine.Transfer("a", call.CallId, "back", T0.AddSeconds(40)));
        await _store.ApplyAsync(engine.DrainEvents(), default);

        var (agents, calls) = await _store.LoadAsync(default);
        Assert.Equal(new RestoredTransfer("a", "front", T0.AddSeconds(40)), Assert.Single(calls, c => c.CallId == call.CallId).Transfer);
        var restarted = RoutingWrapUpTests.Engine();
        restarted.Restore(agents, calls, T0.AddSeconds(42));
        restarted.DrainEvents();

        Assert.Equal(RoutingOutcome.Ok, restarted.TransferFailed(call.CallId, "603", T0.AddSeconds(43)));
        Assert.Equal(("a", CallState.OnCall, "front"),
            (restarted.FindCall(call.CallId)!.AgentId, restarted.FindCall(call.CallId)!.State, restarted.FindCall(call.CallId)!.QueueId));
        var events = restarted.DrainEvents();
        var failed = Assert.Single(events.OfType<CallTransferFailed>());
        Assert.Equal(T0.AddSeconds(40), failed.TransferredAt);

        // Answered again, the call has no transfer to go back from.
        await _store.ApplyAsync(events, default);
        var saved = Assert.Single((await _store.LoadAsync(default)).Calls, c => c.CallId == call.CallId);
        Assert.Equal((CallState.OnCall, "a", "front", (RestoredTransfer?)null), (saved.State, saved.AgentId, saved.QueueId, saved.Transfer));
    }
}

public sealed class SqliteRoutingStoreTransferTests(SqliteRoutingDatabase db) : RoutingStoreTransferTests<SqliteRoutingDatabase>(db);

public sealed class PostgresRoutingStoreTransferTests(PostgresRoutingDatabase db) : RoutingStoreTransferTests<PostgresRoutingDatabase>(db);
