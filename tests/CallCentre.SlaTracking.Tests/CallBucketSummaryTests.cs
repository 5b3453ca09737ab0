using CallCentre.SlaTracking.Counting;
using static CallCentre.SlaTracking.Tests.Calls;

namespace CallCentre.SlaTracking.Tests;

/// <summary>A bucket summary, stored and read back, gives the same figures as counting its calls one by one, under any
/// threshold and short-abandon threshold the contract API allows (including a short-abandon threshold above the threshold,
/// and waits on, just under and just over whole seconds and the 3,600 s cap).</summary>
public sealed class CallBucketSummaryTests
{
    [Fact]
    public void StoredSummary_UnderAnyThresholds_CountsAsTheCallsOneByOne()
    {
        var random = new Random(42);
        var at = Utc(2026, 10, 5, 8, 0);
        long[] edges = [0, 1, 999, 1000, 1001, 4999, 5000, 5001, 20_000, 20_001, 599_999, 600_000, 600_001, 3_599_999, 3_600_000, 3_600_001, 5_000_000];
        var calls = new List<CallRecord>();
        for (var i = 0; i < 3000; i++)
        {
            var wait = random.Next(3) == 0 ? edges[random.Next(edges.Length)] : random.NextInt64(0, 120_000);
            var queuedAt = at.AddMilliseconds(random.Next(0, 900_000));
            calls.Add(random.Next(6) switch
            {
                0 or 1 => new CallRecord(Guid.NewGuid(), Tenant, Queue, queuedAt, queuedAt.AddMilliseconds(wait),
                    CompletedAt: random.Next(2) == 0 ? queuedAt.AddMinutes(5) : null, Transfers: random.Next(3),
                    HandleSeconds: Math.Round(random.NextDouble() * 300, 3) + (random.Next(3) == 0 ? 12.5 : 0) + 7.25),
                2 or 3 => new CallRecord(Guid.NewGuid(), Tenant, Queue, queuedAt, AbandonedAt: queuedAt.AddMilliseconds(wait)),
                4 => new CallRecord(Guid.NewGuid(), Tenant, Queue, queuedAt, RejectedAt: queuedAt.AddMilliseconds(wait % 3000),
                    RejectReason: random.Next(2) == 0 ? CallRecord.ClosedReason : "full"),
                _ => new CallRecord(Guid.NewGuid(), Tenant, Queue, queuedAt),
            });
        }
        var summary = new CallBucketSummary(Queue);
        foreach (var call in calls)
            summary.Add(call);
        var stored = Assert.Single(CallBucketSummary.Decode(CallBucketSummary.Encode([summary])));

        (int T, int S)[] thresholds = [(1, 0), (20, 0), (20, 5), (5, 20), (600, 600), (3600, 0), (3600, 600), (3600, 3600), (0, 0), (17, 1)];
        foreach (var (t, s) in thresholds)
        {
            foreach (var inDenominator in new[] { true, false })
            foreach (var asMet in new[] { true, false })
            {
                var contract = new SlaContract(Tenant, Queue, 1, DateTimeOffset.MinValue, 0.8, t, AbandonsInDenominator: inDenominator,
                    ShortAbandonSeconds: s, AbandonsWithinThresholdAsMet: asMet);
                var fromSummary = new FiguresAccumulator();
                var counts = stored.CountsFor(t, s);
                fromSummary.Add(stored.ToAggregate(at, counts, counts), counts, contract);
                Assert.Equal(Count(calls, contract), fromSummary.ToFigures());
            }
        }
    }
}
