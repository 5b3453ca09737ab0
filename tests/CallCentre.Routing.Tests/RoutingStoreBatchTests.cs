using CallCentre.Contracts.Routing;
using CallCentre.Routing.Data;
using CallCentre.Routing.Engine;

namespace CallCentre.Routing.Tests;

/// <summary>One stored batch of many events (PostgreSQL sends its writes in one round trip, SQLite one by one): every event is
/// in the outbox with the id the store answered, in the engine's order, and the live calls and agents are as the engine left them.</summary>
public abstract class RoutingStoreBatchTests<TDatabase>(TDatabase db) : IClassFixture<TDatabase>
    where TDatabase : CallCentre.Testing.TestDatabase<RoutingModule>
{
    private readonly RoutingStore _store = new(db.Database);
    private static readonly DateTimeOffset T0 = RoutingWrapUpTests.T0;

    [Fact]
    public async Task ManyEventsInOneBatch_AreAllInTheOutboxWithTheAnsweredIds_AndTheLiveStateIsTheEngines()
    {
        // a completes a call and takes the next; b transfers one (a read in the middle of the batch) and is offered another.
        var engine = RoutingWrapUpTests.Engine();
        engine.SetAgentState("a", AgentState.Available, null, T0);
        engine.SetAgentState("b", AgentState.Available, null, T0);
        var calls = Enumerable.Range(0, 5).Select(_ => new IncomingCall(Guid.NewGuid(), "quick", "h", null)).ToArray();
        engine.Enqueue(calls[0], T0);
        engine.Enqueue(calls[1], T0.AddSeconds(1));
        var (first, second) = engine.FindAgent("a")!.CallId == calls[0].CallId ? ("a", "b") : ("b", "a");
        Assert.Equal(RoutingOutcome.Ok, engine.Answer(first, calls[0].CallId, T0.AddSeconds(2)));
        Assert.Equal(RoutingOutcome.Ok, engine.Answer(second, calls[1].CallId, T0.AddSeconds(3)));
        Assert.Equal(RoutingOutcome.Ok, engine.Transfer(second, calls[1].CallId, "front", T0.AddSeconds(10)));
        engine.Enqueue(calls[2], T0.AddSeconds(11));
        Assert.Equal(RoutingOutcome.Ok, engine.Complete(first, calls[0].CallId, null, T0.AddSeconds(12)));
        engine.Enqueue(calls[3], T0.AddSeconds(13));
        engine.Enqueue(calls[4], T0.AddSeconds(14));
        var events = engine.DrainEvents();
        Assert.True(events.Count > 15);

        var ids = await _store.ApplyAsync(events, default);

        var pending = await _store.PendingAsync(default);
        Assert.Equal(events.Count, ids.Count);
        Assert.Equal(ids.Order(), pending.Select(p => p.Id));
        Assert.Equal(events.Select(e => e.GetType()), pending.Select(p => p.Message.GetType()));
        Assert.Equal(events.OfType<CallOffered>(), pending.Select(p => p.Message).OfType<CallOffered>());
        var (agents, live) = await _store.LoadAsync(default);
        Assert.Equal(engine.FindAgent("a")!.State, Assert.Single(agents, s => s.AgentId == "a").State);
        Assert.Equal(engine.FindAgent("b")!.State, Assert.Single(agents, s => s.AgentId == "b").State);
        Assert.Equal(calls.Skip(1).Select(c => c.CallId).Where(id => engine.FindCall(id) is not null).Order(), live.Select(c => c.CallId).Order());
        Assert.All(live, c => Assert.Equal(engine.FindCall(c.CallId)!.State, c.State));
        await _store.DeletePublishedAsync(ids, default);
        Assert.Empty(await _store.PendingAsync(default));
    }
}

public sealed class SqliteRoutingStoreBatchTests(SqliteRoutingDatabase db) : RoutingStoreBatchTests<SqliteRoutingDatabase>(db);

public sealed class PostgresRoutingStoreBatchTests(PostgresRoutingDatabase db) : RoutingStoreBatchTests<PostgresRoutingDatabase>(db);
