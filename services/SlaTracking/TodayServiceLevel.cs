using CallCentre.Contracts.Sla;
using CallCentre.Hosting.Centre;
using CallCentre.SlaTracking.Data;

namespace CallCentre.SlaTracking;

/// <summary>A queue's figures for the tenant's current day so far. The service level counts abandons in the denominator:
/// answered within the threshold / (answered + abandoned); 1 before any call has ended.</summary>
public sealed class TodayServiceLevel(CentreDefinition centre, CallRecordStore store, TimeProvider time)
{
    public async Task<QueueServiceLevelUpdated?> ComputeAsync(string tenantId, string queueId, CancellationToken ct = default)
    {
        var queue = centre.FindQueue(queueId);
        var tenant = centre.FindTenant(tenantId);
        if (queue is null || tenant is null || queue.TenantId != tenantId)
            return null;
        var now = time.GetUtcNow();
        var (day, from, to) = TenantDay(tenant, now);
        var t = await store.TotalsAsync(tenantId, queueId, from, to, queue.ServiceLevelThresholdSeconds, ct);
        var ended = t.Answered + t.Abandoned;
        return new QueueServiceLevelUpdated(
            tenantId, queueId, day, (int)t.Offered, (int)t.Answered, (int)t.Abandoned, (int)t.AnsweredWithinThreshold,
            queue.ServiceLevelThresholdSeconds, ended == 0 ? 1.0 : (double)t.AnsweredWithinThreshold / ended, queue.ServiceLevelTarget,
            t.Answered == 0 ? 0 : t.WaitAnsweredSeconds / t.Answered,
            t.Completed == 0 ? 0 : t.HandleSeconds / t.Completed,
            now);
    }

    /// <summary>The tenant's calendar day that contains <paramref name="now"/>, as an instant range.</summary>
    public static (DateOnly Day, DateTimeOffset From, DateTimeOffset To) TenantDay(TenantDefinition tenant, DateTimeOffset now)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(tenant.TimeZone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var day = DateOnly.FromDateTime(local.DateTime);
        DateTimeOffset Start(DateOnly d)
        {
            var midnight = d.ToDateTime(TimeOnly.MinValue);
            return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight));
        }
        return (day, Start(day), Start(day.AddDays(1)));
    }
}
