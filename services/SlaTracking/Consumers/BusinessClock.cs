using System.Runtime.CompilerServices;
using CallCentre.Hosting.Calendars;
using CallCentre.Hosting.Centre;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Data;

namespace CallCentre.SlaTracking.Consumers;

/// <summary>Stamps an e-mail's or message's wait in its tenant's business hours as they are when it ends, so that a later change of
/// hours or calendar leaves past reports as they were (docs/sla.md, Counting other kinds).</summary>
public sealed class BusinessClock(CentreCatalog catalog)
{
    private readonly ConditionalWeakTable<TenantDefinition, BusinessHours> _hours = new();

    public CallRecordStore.CallFacts Stamp(CallRecordStore.CallFacts facts)
    {
        if (!WaitClocks.BusinessKinds.Contains(facts.Kind) || (facts.AnsweredAt ?? facts.AbandonedAt) is null
            || catalog.Current.FindTenant(facts.TenantId) is not { } tenant)
            return facts;
        var hours = _hours.GetValue(tenant, BusinessHours.Of);
        return facts with
        {
            AnsweredBusinessMilliseconds = facts.AnsweredAt is { } answered ? hours.OpenMilliseconds(facts.QueuedAt, answered) : null,
            AbandonedBusinessMilliseconds = facts.AbandonedAt is { } abandoned ? hours.OpenMilliseconds(facts.QueuedAt, abandoned) : null,
        };
    }
}
