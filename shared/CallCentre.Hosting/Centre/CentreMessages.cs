using CallCentre.Contracts.Routing;

namespace CallCentre.Hosting.Centre;

/// <summary>Between the centre's definitions and the <see cref="QueueConfigured"/> and <see cref="AgentConfigured"/> contracts.</summary>
public static class CentreMessages
{
    public static QueueConfiguration ToConfiguration(this QueueDefinition q) => new(
        q.Id, q.TenantId, q.Name, q.LineOfBusiness, q.Language, q.RequiredSkills, q.Priority, q.ServiceLevelThresholdSeconds,
        q.ServiceLevelTarget, q.WrapUpSeconds, q.OfferTimeoutSeconds, q.Strategy,
        q.Escalations.Select(e => new EscalationConfiguration(e.AfterSeconds, e.RequiredSkills, e.AlsoOfferToQueue, e.MoveToQueue)).ToList(),
        q.MaxWaiting, q.MaxWaitSeconds, q.OverflowQueue,
        q.OpeningHours.Select(w => new OpeningWindowConfiguration(w.Day, w.From, w.To)).ToList(), q.ClosedOverflowQueue);

    public static QueueDefinition ToDefinition(this QueueConfiguration q) => new(
        q.Id, q.TenantId, q.Name, q.LineOfBusiness, q.Language, q.RequiredSkills, q.Priority, q.ServiceLevelThresholdSeconds,
        q.ServiceLevelTarget, q.WrapUpSeconds, q.OfferTimeoutSeconds)
    {
        Strategy = q.Strategy,
        Escalations = (q.Escalations ?? []).Select(e => new EscalationDefinition(e.AfterSeconds, e.RequiredSkills, e.AlsoOfferToQueue, e.MoveToQueue)).ToList(),
        MaxWaiting = q.MaxWaiting,
        MaxWaitSeconds = q.MaxWaitSeconds,
        OverflowQueue = q.OverflowQueue,
        OpeningHours = (q.OpeningHours ?? []).Select(w => new OpeningWindowDefinition(w.Day, w.From, w.To)).ToList(),
        ClosedOverflowQueue = q.ClosedOverflowQueue,
    };
}
