using System.Globalization;
using CallCentre.Contracts.Sla;
using CallCentre.Hosting.Data;
using Dapper;

namespace CallCentre.Scheduling.Data;

/// <param name="QueueId">Null: the tenant's contract for queues without their own.</param>
public sealed record ContractTerms(string TenantId, string? QueueId, int Version, DateTimeOffset EffectiveFrom, double ServiceLevelTarget,
    int ThresholdSeconds, string Period, int IntervalMinutes, decimal PenaltyPerMissedPeriod, string Currency);

/// <summary>The contract versions SlaTracking announces (<see cref="SlaContractConfigured"/>), kept by version.</summary>
public sealed class ContractTermsStore(ModuleDatabase<SchedulingModule> database)
{
    public async Task SaveAsync(SlaContractConfigured c, CancellationToken ct = default) =>
        await database.RunAsync((conn, _) => conn.ExecuteAsync("""
            INSERT INTO sla_contract_terms (tenant_id, queue_id, version, effective_from, service_level_target, threshold_seconds, period,
                                            interval_minutes, penalty_per_missed_period, currency)
                 VALUES (@TenantId, @QueueId, @Version, @EffectiveFrom, @ServiceLevelTarget, @ThresholdSeconds, @Period,
                         @IntervalMinutes, @Penalty, @Currency)
            ON CONFLICT (tenant_id, queue_id, version) DO NOTHING
            """, new
        {
            c.TenantId, QueueId = c.QueueId ?? "", c.Version, EffectiveFrom = c.EffectiveFrom.ToUnixTimeMilliseconds(), c.ServiceLevelTarget,
            c.ThresholdSeconds, c.Period, c.IntervalMinutes, Penalty = c.PenaltyPerMissedPeriod.ToString(CultureInfo.InvariantCulture), c.Currency,
        }), ct);

    /// <summary>Per queue of <paramref name="queueIds"/>: its latest version in effect at <paramref name="at"/>, else the tenant's, else null.</summary>
    public async Task<IReadOnlyDictionary<string, ContractTerms?>> GoverningAsync(string tenantId, IReadOnlyList<string> queueIds, DateTimeOffset at,
        CancellationToken ct = default)
    {
        var rows = await database.RunAsync((c, _) => c.QueryAsync<(string QueueId, long Version, long EffectiveFrom, double Target, long Threshold,
            string Period, long IntervalMinutes, string Penalty, string Currency)>("""
            SELECT queue_id, version, effective_from, service_level_target, threshold_seconds, period, interval_minutes,
                   penalty_per_missed_period, currency
              FROM sla_contract_terms
             WHERE tenant_id = @TenantId AND effective_from <= @At
             ORDER BY queue_id, version
            """, new { TenantId = tenantId, At = at.ToUnixTimeMilliseconds() }), ct);
        var latest = rows.GroupBy(r => r.QueueId).ToDictionary(g => g.Key, g => g.Last());
        return queueIds.ToDictionary(q => q, q => latest.TryGetValue(q, out var r) || latest.TryGetValue("", out r)
            ? new ContractTerms(tenantId, r.QueueId == "" ? null : r.QueueId, (int)r.Version, DateTimeOffset.FromUnixTimeMilliseconds(r.EffectiveFrom),
                r.Target, (int)r.Threshold, r.Period, (int)r.IntervalMinutes, decimal.Parse(r.Penalty, CultureInfo.InvariantCulture), r.Currency)
            : null, StringComparer.Ordinal);
    }
}
