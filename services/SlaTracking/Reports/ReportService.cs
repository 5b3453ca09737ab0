using System.Runtime.CompilerServices;
using CallCentre.Hosting.Centre;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Data;

namespace CallCentre.SlaTracking.Reports;

public sealed class ReportService(CentreCatalog catalog, CallRecordStore calls, ContractStore contracts, TimeProvider time,
    CallAggregates aggregates)
{
    public async Task<SlaReport> BuildAsync(TenantDefinition tenant, ReportQuery query, string language, CancellationToken ct = default)
    {
        var queues = catalog.Current.Queues.Where(q => q.TenantId == tenant.Id).ToList();
        var builder = new SlaReportBuilder(query,
            new ReportSubject(tenant.Id, tenant.Name, tenant.TimeZone, language, queues.Select(q => (q.Id, q.Name)).ToList()),
            await BookAsync(tenant.Id, ct));
        // Summaries per 15-minute bucket (same figures); a zone with odd offsets streams the records.
        if (await aggregates.FeedAsync(builder, tenant.Id, ct))
            return builder.Build(time.GetUtcNow());
        var (from, to) = builder.Range;
        await foreach (var call in calls.ListAsync(tenant.Id, null, from, to, ct))
            builder.Add(call);
        return builder.Build(time.GetUtcNow());
    }

    /// <summary>Each contact is counted by the rule the report's figures use.</summary>
    public async IAsyncEnumerable<ReportContact> ContactsAsync(TenantDefinition tenant, ReportQuery query, string? queueId,
        DateTimeOffset? rowStart, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var queues = catalog.Current.Queues.Where(q => q.TenantId == tenant.Id).ToList();
        var builder = new SlaReportBuilder(query,
            new ReportSubject(tenant.Id, tenant.Name, tenant.TimeZone, "en", queues.Select(q => (q.Id, q.Name)).ToList()),
            await BookAsync(tenant.Id, ct));
        var (from, to) = builder.Range;
        if (rowStart is { } start && start > from)
            from = start;
        await foreach (var call in calls.ListAsync(tenant.Id, queueId, from, to, ct))
        {
            if (builder.Explain(call) is not { } contact)
                continue;
            if (rowStart is { } row && contact.RowStart != row)
            {
                if (contact.RowStart > row)
                    yield break;
                continue;
            }
            yield return contact;
        }
    }

    /// <summary>Each queue's definition is version 0.</summary>
    public async Task<ContractBook> BookAsync(string tenantId, CancellationToken ct = default) =>
        new(await contracts.ListAsync(tenantId, ct), Defaults(tenantId));

    public IEnumerable<SlaContract> Defaults(string tenantId) => catalog.Current.Queues.Where(q => q.TenantId == tenantId)
        .Select(q => SlaContract.Default(tenantId, q.Id, q.ServiceLevelThresholdSeconds, q.ServiceLevelTarget));
}
