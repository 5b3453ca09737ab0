using System.Globalization;
using CallCentre.Hosting.Data;
using CallCentre.SlaTracking.Counting;
using Dapper;

namespace CallCentre.SlaTracking.Data;

/// <summary>Versions are only ever added: a report uses the one in force at the time.</summary>
public sealed class ContractStore(ModuleDatabase<SlaTrackingModule> database)
{
    public enum AddRefusal { None, NotAfterPrevious, Conflict }

    /// <summary>Its <see cref="SlaContract.Version"/> is ignored.</summary>
    public async Task<(SlaContract? Added, AddRefusal Refusal)> AddVersionAsync(SlaContract contract, DateTimeOffset createdAt,
        string createdBy, CancellationToken ct = default)
    {
        const string latestSql = """
            SELECT CAST(COALESCE(max(version), 0) AS BIGINT) AS Version, CAST(COALESCE(max(effective_from), 0) AS BIGINT) AS EffectiveFrom
              FROM sla_contract
             WHERE tenant_id = @TenantId AND queue_id = @QueueId
            """;
        const string insertSql = """
            INSERT INTO sla_contract (tenant_id, queue_id, version, effective_from, service_level_target, threshold_seconds,
                                      max_abandonment_rate, asa_target_seconds, aht_target_seconds, measurement_period,
                                      interval_minutes, abandons_in_denominator, short_abandon_seconds,
                                      abandons_within_threshold_as_met, penalty_per_missed_period, credit_per_met_period,
                                      currency, wait_clock, callback_answer, created_at, created_by)
                 VALUES (@TenantId, @QueueId, @Version, @EffectiveFrom, @ServiceLevelTarget, @ThresholdSeconds,
                         @MaxAbandonmentRate, @AsaTargetSeconds, @AhtTargetSeconds, @Period,
                         @IntervalMinutes, @AbandonsInDenominator, @ShortAbandonSeconds,
                         @AbandonsWithinThresholdAsMet, @PenaltyPerMissedPeriod, @CreditPerMetPeriod,
                         @Currency, @WaitClock, @CallbackAnswer, @CreatedAt, @CreatedBy)
            """;
        // A kind's versions are numbered apart from the queue's calls: the scope is the line.
        var scope = contract.Line;
        try
        {
            return await database.RunAsync(async (c, token) =>
            {
                await using var tx = await c.BeginTransactionAsync(token);
                var latest = await c.QuerySingleAsync<(long Version, long EffectiveFrom)>(latestSql,
                    new { contract.TenantId, QueueId = scope }, tx);
                if (latest.Version > 0 && contract.EffectiveFrom.ToUnixTimeMilliseconds() <= latest.EffectiveFrom)
                    return ((SlaContract?)null, AddRefusal.NotAfterPrevious);
                var added = contract with { Version = (int)latest.Version + 1 };
                await c.ExecuteAsync(insertSql, new
                {
                    added.TenantId, QueueId = scope, added.Version, EffectiveFrom = added.EffectiveFrom.ToUnixTimeMilliseconds(),
                    added.ServiceLevelTarget, added.ThresholdSeconds, added.MaxAbandonmentRate, added.AsaTargetSeconds,
                    added.AhtTargetSeconds, Period = added.Period.ToString(), added.IntervalMinutes, added.AbandonsInDenominator,
                    added.ShortAbandonSeconds, added.AbandonsWithinThresholdAsMet, added.PenaltyPerMissedPeriod,
                    added.CreditPerMetPeriod, added.Currency, added.WaitClock, added.CallbackAnswer, CreatedAt = createdAt.ToUnixTimeMilliseconds(), CreatedBy = createdBy,
                }, tx);
                await tx.CommitAsync(token);
                return (added, AddRefusal.None);
            }, ct);
        }
        catch (Exception e) when (IsUniqueViolation(e))
        {
            return (null, AddRefusal.Conflict);
        }
    }

    public async Task<IReadOnlyList<SlaContract>> ListAsync(string tenantId, CancellationToken ct = default)
    {
        const string sql = """
            SELECT tenant_id AS TenantId, queue_id AS QueueId, version AS Version, effective_from AS EffectiveFrom,
                   service_level_target AS ServiceLevelTarget, threshold_seconds AS ThresholdSeconds,
                   max_abandonment_rate AS MaxAbandonmentRate, asa_target_seconds AS AsaTargetSeconds,
                   aht_target_seconds AS AhtTargetSeconds, measurement_period AS Period, interval_minutes AS IntervalMinutes,
                   abandons_in_denominator AS AbandonsInDenominator, short_abandon_seconds AS ShortAbandonSeconds,
                   abandons_within_threshold_as_met AS AbandonsWithinThresholdAsMet,
                   penalty_per_missed_period AS PenaltyPerMissedPeriod, credit_per_met_period AS CreditPerMetPeriod,
                   currency AS Currency, wait_clock AS WaitClock, callback_answer AS CallbackAnswer
              FROM sla_contract
             WHERE tenant_id = @TenantId
             ORDER BY queue_id, version
            """;
        var rows = await database.RunAsync((c, _) => c.QueryAsync<ContractRow>(sql, new { TenantId = tenantId }), ct);
        return rows.Select(r => r.ToContract()).ToList();
    }

    private static bool IsUniqueViolation(Exception e) => e switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19, // SQLITE_CONSTRAINT
        _ => false,
    };

    // SQLite hands back INTEGER for booleans and TEXT for decimals; PostgreSQL hands back bool and numeric.
    private sealed class ContractRow
    {
        public string TenantId { get; init; } = "";
        public string QueueId { get; init; } = "";
        public int Version { get; init; }
        public long EffectiveFrom { get; init; }
        public double ServiceLevelTarget { get; init; }
        public int ThresholdSeconds { get; init; }
        public double? MaxAbandonmentRate { get; init; }
        public double? AsaTargetSeconds { get; init; }
        public double? AhtTargetSeconds { get; init; }
        public string Period { get; init; } = "";
        public int IntervalMinutes { get; init; }
        public object AbandonsInDenominator { get; init; } = false;
        public int ShortAbandonSeconds { get; init; }
        public object AbandonsWithinThresholdAsMet { get; init; } = false;
        public object PenaltyPerMissedPeriod { get; init; } = 0m;
        public object CreditPerMetPeriod { get; init; } = 0m;
        public string Currency { get; init; } = "";
        public string WaitClock { get; init; } = WaitClocks.Wall;
        public string CallbackAnswer { get; init; } = CallbackAnswers.Reached;

        public SlaContract ToContract() => ToContract(ReportLine.Split(QueueId));

        private SlaContract ToContract((string QueueId, string Kind) line) => new(
            TenantId, line.QueueId == "" ? null : line.QueueId, Version, DateTimeOffset.FromUnixTimeMilliseconds(EffectiveFrom),
            ServiceLevelTarget, ThresholdSeconds, MaxAbandonmentRate, AsaTargetSeconds, AhtTargetSeconds,
            Enum.Parse<MeasurementPeriod>(Period), IntervalMinutes, Convert.ToBoolean(AbandonsInDenominator, CultureInfo.InvariantCulture),
            ShortAbandonSeconds, Convert.ToBoolean(AbandonsWithinThresholdAsMet, CultureInfo.InvariantCulture),
            Convert.ToDecimal(PenaltyPerMissedPeriod, CultureInfo.InvariantCulture), Convert.ToDecimal(CreditPerMetPeriod, CultureInfo.InvariantCulture),
            Currency, line.Kind, WaitClock, CallbackAnswer);
    }
}
