using CallCentre.Contracts.Routing;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Data;
using Dapper;
using static CallCentre.SlaTracking.Tests.Calls;

namespace CallCentre.SlaTracking.Tests;

/// <summary>Batches of many calls' facts (<see cref="CallRecordStore.UpsertManyAsync"/>: a call's facts merged, then one statement
/// per table, a few on SQLite for a large batch) give the records that writing the same events one by one gives, whatever the
/// order, the repeats and the way the events are cut into batches.</summary>
public abstract class CallBatchStoreTests<TDatabase>(TDatabase db) : IClassFixture<TDatabase> where TDatabase : TestDatabase
{
    private readonly CallRecordStore _calls = new(db.Database);
    private static readonly DateTimeOffset T = Utc(2026, 10, 6, 9, 0);
    private const int CallCount = 300; // more rows than one SQLite statement of a batch takes

    /// <summary>Call <paramref name="n"/>'s events, queued 7·n seconds after 09:00 (so over several 15-minute buckets), of five kinds:
    /// answered, transferred and answered again; overflowed from q-a to q-b and abandoned there; rejected; answered twice by
    /// racing offers (the earliest answer counts); waiting.</summary>
    private static List<object> Events(string tenant, Guid id, int n)
    {
        var at = T.AddSeconds(n * 7);
        return (n % 5) switch
        {
            0 =>
            [
                new CallQueued(id, tenant, "q-a", "h", 5, at),
                new CallAnswered(id, tenant, "q-a", "agent01", at, at.AddSeconds(4)),
                new CallLegEnded(id, tenant, "q-a", "agent01", at, at.AddSeconds(4), at.AddSeconds(64), CallLegEnd.Transferred, 50, 10, 2, null),
                new CallAnswered(id, tenant, "q-b", "agent02", at, at.AddSeconds(70)),
                new CallLegEnded(id, tenant, "q-b", "agent02", at, at.AddSeconds(70), at.AddSeconds(100 + n), CallLegEnd.Completed, 30 + n, 0, 1.5, "resolved"),
            ],
            1 =>
            [
                new CallQueued(id, tenant, "q-a", "h", 5, at),
                new CallOverflowed(id, tenant, "q-a", "q-b", "wait", at, at.AddSeconds(30)),
                new CallAbandoned(id, tenant, "q-b", at, at.AddSeconds(45 + n % 7)),
            ],
            2 => [new CallQueued(id, tenant, "q-b", "h", 5, at), new CallRejected(id, tenant, "q-b", "closed", at, at)],
            3 =>
            [
                new CallQueued(id, tenant, "q-b", "h", 5, at),
                new CallAnswered(id, tenant, "q-b", "agent03", at, at.AddSeconds(9)),
                new CallAnswered(id, tenant, "q-b", "agent04", at, at.AddSeconds(3)),
            ],
            _ => [new CallQueued(id, tenant, "q-a", "h", 5, at)],
        };
    }

    private static List<List<object>> Month(string tenant) =>
        Enumerable.Range(0, CallCount).Select(n => Events(tenant, Guid.NewGuid(), n)).ToList();

    /// <summary>What a record says, without the ids that differ between two tenants' copies of the same calls.</summary>
    private async Task<List<string>> RecordsAsync(string tenant) =>
        (await _calls.ListAsync(tenant, null, T, T.AddDays(1)).ToListAsync())
        .Select(r => (r with { CallId = Guid.Empty, TenantId = "" }).ToString()).ToList();

    private async Task<List<string>> OneByOneAsync()
    {
        var tenant = NewTenant();
        foreach (var e in Month(tenant).SelectMany(call => call))
            await _calls.UpsertAsync(FactsOf(e)!, default);
        var records = await RecordsAsync(tenant);
        Assert.Equal(CallCount, records.Count);
        return records;
    }

    /// <summary>Every event, a third of them twice, shuffled, then cut into batches of the given sizes (the rest in a last batch).</summary>
    private static List<List<CallRecordStore.CallFacts>> Batches(string tenant, int seed, params int[] sizes)
    {
        var events = Month(tenant).SelectMany(call => call).ToList();
        var facts = Shuffled(events.Concat(events.Where((_, i) => i % 3 == 0)), seed).Select(e => FactsOf(e)!).ToList();
        var batches = new List<List<CallRecordStore.CallFacts>>();
        var taken = 0;
        foreach (var size in sizes)
        {
            batches.Add(facts.Skip(taken).Take(size).ToList());
            taken += size;
        }
        batches.Add(facts.Skip(taken).ToList());
        return batches;
    }

    [Fact]
    public async Task ManyCallsInOneShuffledBatchWithRepeats_GiveTheRecordsOfTheEventsWrittenOneByOne()
    {
        var expected = await OneByOneAsync();
        var tenant = NewTenant();
        var batch = Assert.Single(Batches(tenant, seed: 7));
        var countsIn = await _calls.UpsertManyAsync(batch, default);

        Assert.Equal(expected, await RecordsAsync(tenant));
        // Each fact answers with its call's arrival queue, even the facts that name another queue.
        var arrivalQueue = batch.Where(f => f.IsArrival).DistinctBy(f => f.CallId).ToDictionary(f => f.CallId, f => f.QueueId);
        Assert.Equal(batch.Select(f => (tenant, arrivalQueue[f.CallId])), countsIn);
    }

    [Fact]
    public async Task TheSameEventsCutIntoBatches_OnTopOfWhatEarlierBatchesStored_GiveTheSameRecords()
    {
        var expected = await OneByOneAsync();
        for (var seed = 1; seed <= 3; seed++)
        {
            var tenant = NewTenant();
            foreach (var batch in Batches(tenant, seed, 1, 37, 250, 500))
                await _calls.UpsertManyAsync(batch, default);
            Assert.Equal(expected, await RecordsAsync(tenant));
        }
    }

    [Fact]
    public async Task ABatch_IncrementsTheVersionOfEveryBucketItsCallsAreIn_OnceEach()
    {
        var tenant = NewTenant();
        var batch = Assert.Single(Batches(tenant, seed: 11));
        var buckets = batch.Select(f => CallBucketVersions.BucketOf(f.QueuedAt.ToUnixTimeMilliseconds())).Distinct().Order().ToArray();
        Assert.True(buckets.Length >= 3);
        var before = await VersionsAsync(buckets);

        await _calls.UpsertManyAsync(batch, default);

        var after = await VersionsAsync(buckets);
        Assert.Equal(buckets.Select(b => before.GetValueOrDefault(b) + 1), buckets.Select(b => after[b]));
    }

    private Task<Dictionary<long, long>> VersionsAsync(long[] buckets) =>
        db.Database.RunAsync(async (c, _) =>
        {
            var rows = await c.QueryAsync<(long Bucket, long Version)>(
                "SELECT bucket, version FROM call_bucket_version WHERE bucket >= @From AND bucket <= @To",
                new { From = buckets[0], To = buckets[^1] });
            return rows.ToDictionary(r => r.Bucket, r => r.Version);
        }, default).AsTask();
}

public sealed class SqliteCallBatchStoreTests(SqliteTestDatabase db) : CallBatchStoreTests<SqliteTestDatabase>(db);

public sealed class PostgresCallBatchStoreTests(PostgresTestDatabase db) : CallBatchStoreTests<PostgresTestDatabase>(db);
