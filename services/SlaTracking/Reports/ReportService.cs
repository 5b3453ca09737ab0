using System.Runtime.CompilerServices;
using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Languages;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Data;

namespace CallCentre.SlaTracking.Reports;

public sealed class ReportService(CentreCatalog catalog, CallRecordStore calls, ContractStore contracts, TimeProvider time,
    CallAggregates aggregates)
{
    public async Task<SlaReport> BuildAsync(TenantDefinition tenant, ReportQuery query, string language, CancellationToken ct = default)
    {
        var builder = await BuilderAsync(tenant, query, language, ct);
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
        DateTimeOffset? rowStart, string? kind, string language, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var builder = await BuilderAsync(tenant, query, language, ct);
        var (from, to) = builder.Range;
        if (rowStart is { } start && start > from)
            from = start;
        await foreach (var call in calls.ListAsync(tenant.Id, queueId, from, to, ct))
        {
            if (kind is not null && call.Kind != kind || builder.Explain(call) is not { } contact)
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

    /// <summary>Every queue's voice line, and a line for each other kind the queue had contacts of in the range.</summary>
    private async Task<SlaReportBuilder> BuilderAsync(TenantDefinition tenant, ReportQuery query, string language, CancellationToken ct)
    {
        var queues = catalog.Current.Queues.Where(q => q.TenantId == tenant.Id).ToList();
        var (from, to) = new ReportingCalendar(tenant.TimeZone).Range(query.From, query.To);
        var others = (await calls.OtherKindsAsync(tenant.Id, from, to, ct)).ToLookup(l => l.QueueId, l => l.Kind, StringComparer.Ordinal);
        var texts = Texts.For(language);
        var lines = queues.SelectMany(q => ContactKinds.All.Where(others[q.Id].Contains)
                .Select(k => (ReportLine.Of(q.Id, k), $"{q.Name} · {texts["kind." + k]}")).Prepend((q.Id, q.Name)))
            .ToList();
        return new SlaReportBuilder(query, new ReportSubject(tenant.Id, tenant.Name, tenant.TimeZone, language, lines),
            await BookAsync(tenant.Id, ct));
    }

    /// <summary>Each queue's definition is version 0.</summary>
    public async Task<ContractBook> BookAsync(string tenantId, CancellationToken ct = default) =>
        new(await contracts.ListAsync(tenantId, ct), Defaults(tenantId));

    public IEnumerable<SlaContract> Defaults(string tenantId) => catalog.Current.Queues.Where(q => q.TenantId == tenantId)
        .Select(q => SlaContract.Default(tenantId, q.Id, q.ServiceLevelThresholdSeconds, q.ServiceLevelTarget));
}
