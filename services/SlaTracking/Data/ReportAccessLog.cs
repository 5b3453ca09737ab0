using CallCentre.Hosting.Data;
using Dapper;

namespace CallCentre.SlaTracking.Data;

/// <summary>Who asked for which tenant's report, for which period, when, and whether it was served.</summary>
public sealed class ReportAccessLog(ModuleDatabase<SlaTrackingModule> database)
{
    public sealed record ReportAccess(DateTimeOffset AccessedAt, string Subject, string Roles, string TenantId, string PeriodFrom,
        string PeriodTo, string Granularity, string Format, string Outcome);

    public async Task WriteAsync(ReportAccess access, CancellationToken ct = default) => await database.RunAsync((c, _) => c.ExecuteAsync("""
        INSERT INTO report_access (accessed_at, subject, roles, tenant_id, period_from, period_to, granularity, format, outcome)
             VALUES (@AccessedAt, @Subject, @Roles, @TenantId, @PeriodFrom, @PeriodTo, @Granularity, @Format, @Outcome)
        """, new
    {
        AccessedAt = access.AccessedAt.ToUnixTimeMilliseconds(), access.Subject, access.Roles, access.TenantId, access.PeriodFrom,
        access.PeriodTo, access.Granularity, access.Format, access.Outcome,
    }), ct);

    public async Task<IReadOnlyList<ReportAccess>> ListAsync(string tenantId, int limit = 500, CancellationToken ct = default)
    {
        const string sql = """
            SELECT accessed_at AS AccessedAt, subject AS Subject, roles AS Roles, tenant_id AS TenantId, period_from AS PeriodFrom,
                   period_to AS PeriodTo, granularity AS Granularity, format AS Format, outcome AS Outcome
              FROM report_access
             WHERE tenant_id = @TenantId
             ORDER BY accessed_at DESC, id DESC
             LIMIT @Limit
            """;
        var rows = await database.RunAsync((c, _) => c.QueryAsync<Row>(sql, new { TenantId = tenantId, Limit = limit }), ct);
        return rows.Select(r => new ReportAccess(DateTimeOffset.FromUnixTimeMilliseconds(r.AccessedAt), r.Subject, r.Roles, r.TenantId,
            r.PeriodFrom, r.PeriodTo, r.Granularity, r.Format, r.Outcome)).ToList();
    }

    private sealed class Row
    {
        public long AccessedAt { get; init; }
        public string Subject { get; init; } = "";
        public string Roles { get; init; } = "";
        public string TenantId { get; init; } = "";
        public string PeriodFrom { get; init; } = "";
        public string PeriodTo { get; init; } = "";
        public string Granularity { get; init; } = "";
        public string Format { get; init; } = "";
        public string Outcome { get; init; } = "";
    }
}
