using CallCentre.Contracts.Routing;
using CallCentre.Routing.Data;
using CallCentre.Routing.Engine;
using CallCentre.Routing.Telephony;

namespace CallCentre.Routing.Tests;

/// <summary>In-queue callbacks in the engine: the place in line, the dial, the outcomes, the spacing and the last attempt.</summary>
public class CallbackTests
{
    internal static readonly DateTimeOffset T0 = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, int> Banking = new() { ["banking"] = 3 };

    internal static RoutingEngine Engine(params RoutingAgent[] agents) =>
        new([TestQueues.Queue("bank", "lumiere", Banking, offerTimeoutSeconds: 10) with { CallbackAttempts = 2, CallbackSpacingSeconds = 60 }],
            agents.Length == 0 ? [Agent("a1")] : agents);

    internal static RoutingAgent Agent(string id) => new(id, Banking) { Capacity = new Dictionary<string, int> { ["callback"] = 1 } };

    internal static Guid Arrive(RoutingEngine engine, DateTimeOffset at)
    {
        var id = Guid.NewGuid();
        Assert.Equal(RoutingOutcome.Ok, engine.Enqueue(new IncomingCall(id, "bank", "h", null), at));
        return id;
    }

    [Fact]
    public void ACallback_KeepsTheCallersPlaceInLine()
    {
        var engine = Engine();
        var (first, second, third) = (Arrive(engine, T0), Arrive(engine, T0.AddSeconds(1)), Arrive(engine, T0.AddSeconds(2)));
        Assert.Equal(RoutingOutcome.Ok, engine.RequestCallback(third, T0.AddSeconds(5)));
        Assert.Equal(RoutingOutcome.Ok, engine.RequestCallback(second, T0.AddSeconds(6)));
        Assert.Equal(RoutingOutcome.Duplicate, engine.RequestCallback(second, T0.AddSeconds(7)));
        var requested = engine.DrainEvents().OfType<CallbackRequested>().ToList();
        Assert.Equal([third, second], requested.Select(r => r.CallId));
        Assert.Equal(ContactKind.Callback, engine.FindCall(second)!.Kind);
        Assert.Equal(ContactKind.Voice, engine.FindCall(first)!.Kind);
        engine.SetAgentState("a1", AgentState.Available, null, T0.AddSeconds(10));
        var offer = Assert.Single(engine.DrainEvents().OfType<CallOffered>());
        Assert.Equal((second, ContactKinds.Callback, T0.AddSeconds(1)), (offer.CallId, offer.Kind, offer.QueuedAt));
    }

    [Fact]
    public void OnlyAWaitingCall_MayBecomeACallback()
    {
        var engine = Engine(new RoutingAgent("v", Banking));
        engine.SetAgentState("v", AgentState.Available, null, T0);
        var ringing = Arrive(engine, T0);
        Assert.Equal(RoutingOutcome.InvalidState, engine.RequestCallback(ringing, T0.AddSeconds(1)));
        Assert.Equal(RoutingOutcome.UnknownCall, engine.RequestCallback(Guid.NewGuid(), T0.AddSeconds(1)));
    }

    [Fact]
    public void Accepting_AsksThePbxToDial_AndTheCallbackIsAnsweredWhenTheCustomerIsReached()
    {
        var engine = Engine();
        var call = Arrive(engine, T0);
        engine.RequestCallback(call, T0.AddSeconds(5));
        engine.SetAgentState("a1", AgentState.Available, null, T0.AddSeconds(10));
        engine.DrainEvents();
        Assert.Equal(RoutingOutcome.Ok, engine.Answer("a1", call, T0.AddSeconds(12)));
        var events = engine.DrainEvents();
        Assert.Empty(events.OfType<CallAnswered>());
        Assert.Equal(new CallbackDialRequested(call, "lumiere", "bank", "a1", 1, T0, T0.AddSeconds(12)), Assert.Single(events.OfType<CallbackDialRequested>()));
        Assert.Equal(call, Assert.Single(engine.CallbackDials(_ => true)).CallId);
        Assert.Empty(engine.CallbackDials(t => t != "lumiere"));
        Assert.Equal(RoutingOutcome.InvalidState, engine.Complete("a1", call, null, T0.AddSeconds(13)));

        Assert.Equal(RoutingOutcome.Ok, engine.RecordCallbackAttempt(call, 1, CallbackOutcomes.Connected, T0.AddSeconds(20)));
        events = engine.DrainEvents();
        var attempted = Assert.Single(events.OfType<CallbackAttempted>());
        Assert.Equal((1, CallbackOutcomes.Connected, true, (DateTimeOffset?)null), (attempted.Attempt, attempted.Outcome, attempted.Final, attempted.RetryAt));
        var answered = Assert.Single(events.OfType<CallAnswered>());
        Assert.Equal((ContactKinds.Callback, T0, T0.AddSeconds(20)), (answered.Kind, answered.QueuedAt, answered.AnsweredAt));
        Assert.Equal(RoutingOutcome.Duplicate, engine.RecordCallbackAttempt(call, 1, CallbackOutcomes.Connected, T0.AddSeconds(21)));
        Assert.Empty(engine.CallbackDials(_ => true));
        var held = Assert.Single(engine.FindAgent("a1")!.Contacts);
        Assert.Equal((CallbackStage.Connected, 1), (held.CallbackStage, held.CallbackAttempt));

        Assert.Equal(RoutingOutcome.Ok, engine.Complete("a1", call, null, T0.AddSeconds(80)));
        Assert.Equal(60.0, Assert.Single(engine.DrainEvents().OfType<CallCompleted>()).TalkSeconds);
    }

    [Fact]
    public void NoAnswer_FreesTheAgent_AndTheCallbackComesBackAfterTheSpacing_InItsPlace()
    {
        var engine = Engine(Agent("a1"));
        var call = Arrive(engine, T0);
        engine.RequestCallback(call, T0.AddSeconds(1));
        engine.SetAgentState("a1", AgentState.Available, null, T0.AddSeconds(2));
        engine.Answer("a1", call, T0.AddSeconds(3));
        var later = Arrive(engine, T0.AddSeconds(4));
        engine.RequestCallback(later, T0.AddSeconds(5));
        engine.DrainEvents();

        Assert.Equal(RoutingOutcome.Ok, engine.RecordCallbackAttempt(call, 1, CallbackOutcomes.NoAnswer, T0.AddSeconds(30)));
        var events = engine.DrainEvents();
        var attempted = Assert.Single(events.OfType<CallbackAttempted>());
        Assert.Equal((false, T0.AddSeconds(90)), (attempted.Final, attempted.RetryAt!.Value));
        // Not yet due: the agent takes the other callback meanwhile.
        Assert.Equal(later, Assert.Single(events.OfType<CallOffered>()).CallId);
        Assert.Equal(CallState.Waiting, engine.FindCall(call)!.State);
        Assert.Equal(RoutingOutcome.Duplicate, engine.RecordCallbackAttempt(call, 1, CallbackOutcomes.NoAnswer, T0.AddSeconds(31)));
        Assert.Equal(RoutingOutcome.InvalidState, engine.RecordCallbackAttempt(call, 2, CallbackOutcomes.Busy, T0.AddSeconds(31)));
        engine.Answer("a1", later, T0.AddSeconds(32));
        engine.RecordCallbackAttempt(later, 1, CallbackOutcomes.Connected, T0.AddSeconds(33));
        engine.Complete("a1", later, null, T0.AddSeconds(40));
        engine.DrainEvents();

        engine.Tick(T0.AddSeconds(89));
        Assert.Empty(engine.DrainEvents().OfType<CallOffered>());
        engine.Tick(T0.AddSeconds(90));
        Assert.Equal(call, Assert.Single(engine.DrainEvents().OfType<CallOffered>()).CallId);
        engine.Answer("a1", call, T0.AddSeconds(91));
        Assert.Equal(2, Assert.Single(engine.DrainEvents().OfType<CallbackDialRequested>()).Attempt);
    }

    [Fact]
    public void TheLastAttemptUnanswered_EndsTheCallbackUnreached()
    {
        var engine = Engine();
        var call = Arrive(engine, T0);
        engine.RequestCallback(call, T0.AddSeconds(1));
        engine.SetAgentState("a1", AgentState.Available, null, T0.AddSeconds(2));
        engine.Answer("a1", call, T0.AddSeconds(3));
        engine.RecordCallbackAttempt(call, 1, CallbackOutcomes.Busy, T0.AddSeconds(10));
        engine.Tick(T0.AddSeconds(70));
        engine.Answer("a1", call, T0.AddSeconds(71));
        engine.DrainEvents();
        Assert.Equal(RoutingOutcome.Ok, engine.RecordCallbackAttempt(call, 2, CallbackOutcomes.NoAnswer, T0.AddSeconds(100)));
        var events = engine.DrainEvents();
        Assert.True(Assert.Single(events.OfType<CallbackAttempted>()).Final);
        Assert.Equal(ContactKinds.Callback, Assert.Single(events.OfType<CallAbandoned>()).Kind);
        Assert.Null(engine.FindCall(call));
        Assert.Empty(engine.FindAgent("a1")!.Contacts);
        Assert.Equal(RoutingOutcome.UnknownCall, engine.RecordCallbackAttempt(call, 2, CallbackOutcomes.NoAnswer, T0.AddSeconds(101)));
    }

    [Fact]
    public void ACallerWhoHangsUpWhileTheCallbackWaitsItsSpacing_EndsIt()
    {
        var engine = Engine();
        var call = Arrive(engine, T0);
        engine.RequestCallback(call, T0.AddSeconds(1));
        engine.SetAgentState("a1", AgentState.Available, null, T0.AddSeconds(2));
        engine.Answer("a1", call, T0.AddSeconds(3));
        engine.RecordCallbackAttempt(call, 1, CallbackOutcomes.Busy, T0.AddSeconds(10));
        engine.DrainEvents();
        Assert.Equal(RoutingOutcome.Ok, engine.Abandon(call, T0.AddSeconds(20)));
        engine.Tick(T0.AddSeconds(200));
        Assert.Null(engine.FindCall(call));
        Assert.Empty(engine.DrainEvents().OfType<CallOffered>());
    }
}

/// <summary>A callback survives a Routing restart (its dial, its attempts and its spacing), and its number is sealed and erased.</summary>
public abstract class CallbackStoreTests<TDatabase>(TDatabase db) : IClassFixture<TDatabase>
    where TDatabase : CallCentre.Testing.TestDatabase<RoutingModule>
{
    private readonly RoutingStore _store = new(db.Database);
    private static readonly DateTimeOffset T0 = CallbackTests.T0;

    private CallbackNumberVault Vault(byte[]? key = null) =>
        new(new TenantSeal(key ?? Enumerable.Range(0, 32).Select(i => (byte)(i * 7 + 1)).ToArray(), new CallerHashSaltStore(db.Database, TimeProvider.System)),
            db.Database, TimeProvider.System);

    /// <summary>The tests of a class share one database: each starts from no live call and no agent state.</summary>
    private async Task<RoutingEngine> FreshEngineAsync()
    {
        await db.Database.RunAsync((c, _) => Dapper.SqlMapper.ExecuteAsync(c, "DELETE FROM routing_call; DELETE FROM agent_state"));
        return CallbackTests.Engine();
    }

    private async Task<RoutingEngine> RestartAsync(DateTimeOffset at)
    {
        var (agents, calls) = await _store.LoadAsync(default);
        var engine = CallbackTests.Engine();
        engine.Restore(agents, calls, at);
        return engine;
    }

    [Fact]
    public async Task ARestart_KeepsTheDialUnderWay_ThenTheSpacing()
    {
        var engine = await FreshEngineAsync();
        var call = CallbackTests.Arrive(engine, T0);
        engine.RequestCallback(call, T0.AddSeconds(1));
        engine.SetAgentState("a1", AgentState.Available, null, T0.AddSeconds(2));
        engine.Answer("a1", call, T0.AddSeconds(3));
        await _store.ApplyAsync(engine.DrainEvents(), default);

        var restarted = await RestartAsync(T0.AddSeconds(5));
        var dial = Assert.Single(restarted.CallbackDials(_ => true));
        Assert.Equal((call, "a1", 1), (dial.CallId, dial.AgentId, dial.Attempt));
        Assert.Equal(RoutingOutcome.Ok, restarted.RecordCallbackAttempt(call, 1, CallbackOutcomes.NoAnswer, T0.AddSeconds(10)));
        await _store.ApplyAsync(restarted.DrainEvents(), default);

        var again = await RestartAsync(T0.AddSeconds(20));
        again.SetAgentState("a1", AgentState.Available, null, T0.AddSeconds(20));
        Assert.Equal(RoutingOutcome.Duplicate, again.RecordCallbackAttempt(call, 1, CallbackOutcomes.NoAnswer, T0.AddSeconds(21)));
        again.Tick(T0.AddSeconds(69));
        Assert.Empty(again.DrainEvents().OfType<CallOffered>());
        again.Tick(T0.AddSeconds(70));
        var offer = Assert.Single(again.DrainEvents().OfType<CallOffered>());
        Assert.Equal((call, ContactKinds.Callback, T0), (offer.CallId, offer.Kind, offer.QueuedAt));
    }

    [Fact]
    public async Task ARestart_KeepsAScheduledCallbacksWindowEnd_AndTheLastFailedDialEndsItAndErasesTheNumber()
    {
        var vault = Vault();
        var engine = await FreshEngineAsync();
        var (call, start) = (Guid.NewGuid(), T0.AddHours(1));
        await vault.KeepAsync("lumiere", call, "+33 6 12 34 56 78");
        engine.ScheduleCallback(call, "bank", "h", start, start.AddSeconds(90), T0);
        engine.SetAgentState("a1", AgentState.Available, null, T0.AddSeconds(1));
        engine.Tick(start);
        engine.Answer("a1", call, start.AddSeconds(2));
        await _store.ApplyAsync(engine.DrainEvents(), default);

        var restarted = await RestartAsync(start.AddSeconds(5));
        Assert.Equal(RoutingOutcome.Ok, restarted.RecordCallbackAttempt(call, 1, CallbackOutcomes.Busy, start.AddSeconds(40)));
        var events = restarted.DrainEvents();
        Assert.True(Assert.Single(events.OfType<CallbackAttempted>()).Final);
        Assert.Single(events.OfType<CallAbandoned>());
        await _store.ApplyAsync(events, default);
        Assert.Null(await vault.OpenAsync("lumiere", call));
        Assert.Empty((await _store.LoadAsync(default)).Calls);
        var outcome = await db.Database.RunAsync((c, _) => Dapper.SqlMapper.ExecuteScalarAsync<string>(c,
            "SELECT outcome FROM callback_attempt WHERE call_id = @Id AND attempt = 1", new { Id = call.ToString() }));
        Assert.Equal(CallbackOutcomes.Busy, outcome);
    }

    [Fact]
    public async Task TheNumber_IsSealedUnderTheTenantsKey_AndErasedWithTheLastAttempt()
    {
        var vault = Vault();
        var engine = await FreshEngineAsync();
        var call = CallbackTests.Arrive(engine, T0);
        await vault.KeepAsync("lumiere", call, "+33 6 12 34 56 78");
        var stored = await db.Database.RunAsync((c, _) => Dapper.SqlMapper.ExecuteScalarAsync<string>(c,
            "SELECT sealed FROM callback_number WHERE call_id = @Id", new { Id = call.ToString() }));
        Assert.DoesNotContain("612345678", stored);
        Assert.DoesNotContain("612345678", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(stored!)));
        Assert.Equal("+33612345678", await vault.OpenAsync("lumiere", call));
        Assert.Null(await vault.OpenAsync("other-tenant", call));
        Assert.Null(await Vault(new byte[32]).OpenAsync("lumiere", call));

        engine.RequestCallback(call, T0.AddSeconds(1));
        engine.SetAgentState("a1", AgentState.Available, null, T0.AddSeconds(2));
        engine.Answer("a1", call, T0.AddSeconds(3));
        engine.RecordCallbackAttempt(call, 1, CallbackOutcomes.Connected, T0.AddSeconds(9));
        await _store.ApplyAsync(engine.DrainEvents(), default);
        Assert.Null(await vault.OpenAsync("lumiere", call));
        var outcome = await db.Database.RunAsync((c, _) => Dapper.SqlMapper.ExecuteScalarAsync<string>(c,
            "SELECT outcome FROM callback_attempt WHERE call_id = @Id AND attempt = 1", new { Id = call.ToString() }));
        Assert.Equal(CallbackOutcomes.Connected, outcome);
        var restarted = await RestartAsync(T0.AddSeconds(10));
        Assert.Equal(CallbackStage.Connected, Assert.Single(restarted.FindAgent("a1")!.Contacts).CallbackStage);
    }
}

public sealed class SqliteCallbackStoreTests(SqliteRoutingDatabase db) : CallbackStoreTests<SqliteRoutingDatabase>(db);

public sealed class PostgresCallbackStoreTests(PostgresRoutingDatabase db) : CallbackStoreTests<PostgresRoutingDatabase>(db);
