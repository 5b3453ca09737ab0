using CallCentre.Contracts.Routing;
using CallCentre.SlaTracking.Consumers;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Data;

namespace CallCentre.SlaTracking.Tests;

/// <summary>Builds call records for hand-computed cases: waits and durations in seconds.</summary>
internal static class Calls
{
    /// <summary>A tenant of its own, so that tests sharing a database never see each other's calls.</summary>
    public static string NewTenant() => "t-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>What the consumer records for a call event; null for the events that change no record (CallOffered, and
    /// CallHeld / CallResumed, which are Routing's and the desk's).</summary>
    public static CallRecordStore.CallFacts? FactsOf(object e) => e switch
    {
        CallQueued m => CallRecordConsumer.CallFactsOf(m),
        CallAnswered m => CallRecordConsumer.CallFactsOf(m),
        CallAbandoned m => CallRecordConsumer.CallFactsOf(m),
        CallOverflowed m => CallRecordConsumer.CallFactsOf(m),
        CallRejected m => CallRecordConsumer.CallFactsOf(m),
        CallLegEnded m => CallRecordConsumer.CallFactsOf(m),
        _ => null,
    };

    public const string Tenant = "lumiere-bank";
    public const string Queue = "lumiere-banking-fr";

    public static CallRecord Answered(DateTimeOffset queuedAt, double waitSeconds, double? talk = null, double? hold = null,
        double? wrapUp = null, string queue = Queue, int transfers = 0, string tenant = Tenant) =>
        new(Guid.NewGuid(), tenant, queue, queuedAt, queuedAt.AddMilliseconds(waitSeconds * 1000),
            CompletedAt: talk is null ? null : queuedAt.AddSeconds(waitSeconds + talk.Value + (hold ?? 0)),
            HandleSeconds: talk is null ? null : HandleTime.Of(talk.Value, hold ?? 0, wrapUp ?? 0), Transfers: transfers);

    public static CallRecord Abandoned(DateTimeOffset queuedAt, double waitSeconds, string queue = Queue, string tenant = Tenant) =>
        new(Guid.NewGuid(), tenant, queue, queuedAt, AbandonedAt: queuedAt.AddMilliseconds(waitSeconds * 1000));

    public static CallRecord Waiting(DateTimeOffset queuedAt, string queue = Queue) => new(Guid.NewGuid(), Tenant, queue, queuedAt);

    public static SlaContract Contract(int threshold = 20, double target = 0.8, bool abandonsInDenominator = true, int shortAbandon = 0,
        bool abandonsWithinAsMet = false) =>
        new(Tenant, Queue, 1, DateTimeOffset.MinValue, target, threshold, AbandonsInDenominator: abandonsInDenominator,
            ShortAbandonSeconds: shortAbandon, AbandonsWithinThresholdAsMet: abandonsWithinAsMet);

    public static PeriodFigures Count(IEnumerable<CallRecord> calls, SlaContract contract)
    {
        var acc = new FiguresAccumulator();
        foreach (var call in calls)
            acc.Add(call, contract);
        return acc.ToFigures();
    }

    public static DateTimeOffset Utc(int y, int mo, int d, int h, int mi, int s = 0) => new(y, mo, d, h, mi, s, TimeSpan.Zero);

    /// <summary>A deterministic shuffle.</summary>
    public static List<T> Shuffled<T>(IEnumerable<T> items, int seed)
    {
        var list = items.ToList();
        var random = new Random(seed);
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }
}

/// <summary>A clock that says what the test tells it.</summary>
internal sealed class ManualTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}
