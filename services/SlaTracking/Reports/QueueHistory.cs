using CallCentre.Hosting.Centre;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Data;

namespace CallCentre.SlaTracking.Reports;

/// <summary>Occupancy is the tenant's on every queue row: agents serve several queues.</summary>
public sealed record QueueHistoryRow(
    string TenantId, string QueueId, string QueueName, string Period, string UtcOffset,
    long Offered, long Answered, long Abandoned, double AbandonedWaitSeconds, double? AverageAbandonedWaitSeconds,
    double? ServiceLevel, double? AverageSpeedOfAnswerSeconds, double? AverageHandleSeconds, double LongestWaitSeconds,
    double? Occupancy, string Kind);

public sealed record QueueHistory(string From, string To, string Granularity, int? IntervalMinutes, IReadOnlyList<QueueHistoryRow> Rows);

/// <summary>Reuses <see cref="ReportService"/> for every figure it has, and adds the abandoned calls' wait and occupancy.</summary>
public sealed class QueueHistoryBuilder(ReportService reports, QueueHistoryStore store, AgentStateStore states, TimeProvider time)
{
    public async Task<QueueHistory> BuildAsync(IReadOnlyList<TenantDefinition> tenants, ReportQuery query, CancellationToken ct)
    {
        var rows = new List<QueueHistoryRow>();
        SlaReport? last = null;
        foreach (var tenant in tenants)
        {
            var report = await reports.BuildAsync(tenant, query with { TenantId = tenant.Id }, tenant.Language, ct);
            last = report;
            var calendar = new ReportingCalendar(tenant.TimeZone);
            var (start, end) = calendar.Range(query.From, query.To);
            var periods = calendar.Periods(start, end, query.Granularity, query.IntervalMinutes).ToList();
            var occupancy = OccupancyCounter.Count(await states.ListAsync(tenant.Id, start, end, ct), periods, time.GetUtcNow())
                .ToDictionary(o => o.Start);
            var waits = new Dictionary<(string Queue, DateTimeOffset Start), (long Count, long Milliseconds)>();
            foreach (var (queue, kind, bucket, count, ms) in await store.AbandonedWaitsAsync(tenant.Id, start, end, ct))
            {
                var period = calendar.PeriodOf(DateTimeOffset.FromUnixTimeMilliseconds(bucket * 900_000), query.Granularity, query.IntervalMinutes);
                var periodStart = period.Start < start ? start : period.Start;
                foreach (var key in new[] { (ReportLine.Of(queue, kind), periodStart), (ReportLine.Of(SlaReportBuilder.TotalQueueId, kind), periodStart) })
                {
                    var (c, m) = waits.GetValueOrDefault(key);
                    waits[key] = (c + count, m + ms);
                }
            }
            foreach (var r in report.Rows)
            {
                var f = r.Figures;
                var wait = waits.GetValueOrDefault((ReportLine.Of(r.QueueId, r.Kind), r.Start)).Milliseconds / 1000.0;
                rows.Add(new QueueHistoryRow(tenant.Id, r.QueueId, r.QueueName, r.Period, r.UtcOffset, f.Offered, f.Answered, f.Abandoned,
                    wait, f.Abandoned == 0 ? null : wait / f.Abandoned, f.ServiceLevel, f.AverageSpeedOfAnswerSeconds,
                    f.AverageHandleSeconds, f.LongestWaitSeconds, occupancy.GetValueOrDefault(r.Start)?.Occupancy, r.Kind));
            }
        }
        return new QueueHistory(last?.From ?? "", last?.To ?? "", query.Granularity.ToString().ToLowerInvariant(),
            query.Granularity == Granularity.Interval ? query.IntervalMinutes : null, rows);
    }
}
