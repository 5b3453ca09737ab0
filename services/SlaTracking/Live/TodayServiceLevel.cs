using CallCentre.Contracts.Routing;
using CallCentre.Contracts.Sla;
using CallCentre.Hosting.Centre;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Data;

namespace CallCentre.SlaTracking.Live;

/// <summary>Counted under the version in force at the start of the day; the recent window feeds the "at risk" projection.</summary>
public sealed record TodayFigures(QueueServiceLevelUpdated Update, SlaContract Contract, PeriodFigures Day, PeriodFigures Recent,
    double ElapsedFractionOfDay);

public sealed class TodayServiceLevel(CentreCatalog catalog, CallRecordStore calls, ContractStore contracts, TimeProvider time)
{
    public async Task<TodayFigures?> ComputeAsync(string tenantId, string queueId, int recentMinutes = 30, CancellationToken ct = default)
    {
        var centre = catalog.Current;
        var queue = centre.FindQueue(queueId);
        var tenant = centre.FindTenant(tenantId);
        if (queue is null || tenant is null || queue.TenantId != tenantId)
            return null;
        var now = time.GetUtcNow();
        var calendar = new ReportingCalendar(tenant.TimeZone);
        var day = calendar.PeriodOf(now, Granularity.Day);
        var book = new ContractBook(await contracts.ListAsync(tenantId, ct),
            [SlaContract.Default(tenantId, queueId, queue.ServiceLevelThresholdSeconds, queue.ServiceLevelTarget)]);
        var contract = book.For(queueId, day.Start);

        var dayFigures = new FiguresAccumulator();
        var recentFigures = new FiguresAccumulator();
        var recentFrom = now.AddMinutes(-recentMinutes);
        await foreach (var call in calls.ListAsync(tenantId, queueId, day.Start, day.End, ct))
        {
            if (call.Kind != ContactKinds.Voice)
                continue; // the wallboard's and the alerts' service level is the queue's calls'

            dayFigures.Add(call, contract);
            if (call.QueuedAt >= recentFrom)
                recentFigures.Add(call, contract);
        }
        var f = dayFigures.ToFigures();
        var localDay = calendar.DateOf(now);
        var update = new QueueServiceLevelUpdated(
            tenantId, queueId, new DateOnly(localDay.Year, localDay.Month, localDay.Day),
            (int)f.Offered, (int)f.Answered, (int)f.Abandoned, (int)f.AnsweredWithinThreshold,
            contract.ThresholdSeconds, f.ServiceLevel ?? 1.0, contract.ServiceLevelTarget,
            f.AverageSpeedOfAnswerSeconds ?? 0, f.AverageHandleSeconds ?? 0, now);
        var elapsed = Math.Clamp((now - day.Start) / (day.End - day.Start), 0, 1);
        return new TodayFigures(update, contract, f, recentFigures.ToFigures(), elapsed);
    }
}
