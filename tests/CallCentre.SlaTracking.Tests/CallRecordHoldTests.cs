using CallCentre.Contracts.Routing;
using CallCentre.SlaTracking.Consumers;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Data;
using static CallCentre.SlaTracking.Tests.Calls;

namespace CallCentre.SlaTracking.Tests;

/// <summary>Hold in the call record: the last leg's hold from CallCompleted, a transferred leg's hold and its agent's wrap-up
/// from CallTransferred; handle time counts each once, whatever the order, duplicates and batching of the events.</summary>
public abstract class CallRecordHoldTests<TDatabase>(TDatabase db) : IClassFixture<TDatabase> where TDatabase : TestDatabase
{
    private readonly CallRecordStore _calls = new(db.Database);
    private static readonly DateTimeOffset T = Utc(2026, 11, 12, 9, 0);

    /// <summary>Answered at +10 s; leg 1 (agent01) until the transfer at +100 s with 30 s on hold and 7 s wrap-up to follow;
    /// answered again at +120 s; completed at +200 s with 20 s on hold (talk 60 s) and 5 s wrap-up.</summary>
    private static List<object> Events(string tenant, Guid id) =>
    [
        new CallQueued(id, tenant, "q-a", "hash", 5, T),
        new CallAnswered(id, tenant, "q-a", "agent01", T, T.AddSeconds(10)),
        new CallHeld(id, tenant, "q-a", "agent01", 0, T.AddSeconds(20)),
        new CallResumed(id, tenant, "q-a", "agent01", 30, T.AddSeconds(50)),
        new CallTransferred(id, tenant, "q-a", "q-b", "agent01", T, T.AddSeconds(100), HoldSeconds: 30, WrapUpSeconds: 7),
        new CallAnswered(id, tenant, "q-b", "agent02", T, T.AddSeconds(120)),
        new CallCompleted(id, tenant, "q-b", "agent02", T, T.AddSeconds(120), T.AddSeconds(200), 60, 5, "resolved", HoldSeconds: 20),
    ];

    private static void AssertFigures(CallRecord call)
    {
        Assert.Equal(("q-a", 1), (call.QueueId, call.Transfers));
        Assert.Equal(60.0, call.TalkSeconds);
        Assert.Equal(60.0, call.TransferredTalkSeconds);   // leg 1: 90 s connected, 30 s of it on hold
        Assert.Equal(50.0, call.HoldSeconds);              // 30 s in leg 1, 20 s in leg 2
        Assert.Equal(12.0, call.WrapUpSeconds);            // 7 s after the transfer, 5 s after the completion
        Assert.Equal(182.0, call.HandleSeconds);           // 90 + 7 + 80 + 5: every second of the agents' work once
    }

    [Fact]
    public async Task HoldAndTheTransferredLegsWrapUp_CountOnce_InAnyOrder_OneByOne()
    {
        for (var seed = 0; seed < 4; seed++)
        {
            var tenant = NewTenant();
            var events = Events(tenant, Guid.NewGuid());
            var shuffled = seed == 0 ? events : events.OrderBy(_ => new Random(seed).Next()).ToList();
            foreach (var e in shuffled.Concat(events.AsEnumerable().Reverse())) // and each again
                if (FactsOf(e) is { } facts)
                    await _calls.UpsertAsync(facts, default);
            AssertFigures(Assert.Single(await _calls.ListAsync(tenant, null, T, T.AddHours(1)).ToListAsync()));
        }
    }

    [Fact]
    public async Task HoldAndTheTransferredLegsWrapUp_CountOnce_InOneBatch_WithDuplicates()
    {
        var tenant = NewTenant();
        var events = Events(tenant, Guid.NewGuid());
        var random = new Random(7);
        var facts = events.Concat(events).OrderBy(_ => random.Next()).Select(FactsOf).OfType<CallRecordStore.CallFacts>().ToList();
        await _calls.UpsertManyAsync(facts, default);
        var call = Assert.Single(await _calls.ListAsync(tenant, null, T, T.AddHours(1)).ToListAsync());
        AssertFigures(call);

        // The 15-minute summaries count the same handle time.
        var summary = new CallBucketSummary("q-a");
        summary.Add(call);
        Assert.Equal(182m, summary.HandleSeconds);
    }

    [Fact]
    public async Task MessagesFromBeforeHold_StillGiveTheOldFigures()
    {
        var tenant = NewTenant();
        var id = Guid.NewGuid();
        // Serialized without the new trailing fields, as a message from an older Routing would be.
        var completed = System.Text.Json.JsonSerializer.Deserialize<CallCompleted>($$"""
            {"callId":"{{id}}","tenantId":"{{tenant}}","queueId":"q-a","agentId":"a","queuedAt":"{{T:O}}","answeredAt":"{{T.AddSeconds(5):O}}",
             "completedAt":"{{T.AddSeconds(65):O}}","talkSeconds":60,"wrapUpSeconds":5,"disposition":null}
            """, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;
        Assert.Equal(0, completed.HoldSeconds);
        await _calls.UpsertAsync(CallRecordConsumer.CallFactsOf(new CallQueued(id, tenant, "q-a", "hash", 5, T)), default);
        await _calls.UpsertAsync(CallRecordConsumer.CallFactsOf(completed), default);
        var call = Assert.Single(await _calls.ListAsync(tenant, null, T, T.AddHours(1)).ToListAsync());
        Assert.Equal(65.0, call.HandleSeconds);
    }
}

public sealed class SqliteCallRecordHoldTests(SqliteTestDatabase db) : CallRecordHoldTests<SqliteTestDatabase>(db);

public sealed class PostgresCallRecordHoldTests(PostgresTestDatabase db) : CallRecordHoldTests<PostgresTestDatabase>(db);
