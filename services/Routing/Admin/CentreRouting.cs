using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Centre;
using CallCentre.Routing.Engine;

namespace CallCentre.Routing.Admin;

/// <summary>The centre's definitions as the engine needs them.</summary>
public static class CentreRouting
{
    public static RoutingQueue ToRoutingQueue(this QueueConfiguration q, CentreDefinition centre) =>
        new(q.Id, q.TenantId, q.RequiredSkills, q.Priority, TimeSpan.FromSeconds(q.WrapUpSeconds), TimeSpan.FromSeconds(q.OfferTimeoutSeconds))
        {
            Strategy = Enum.TryParse<RoutingStrategy>(q.Strategy, ignoreCase: true, out var strategy) ? strategy : RoutingStrategy.LongestIdle,
            Escalations = q.Escalations.Select(e => new EscalationStep(e.AfterSeconds, e.RequiredSkills, e.AlsoOfferToQueue, e.MoveToQueue)).ToList(),
            Limits = new QueueLimits(q.MaxWaiting, q.MaxWaitSeconds, q.OverflowQueue),
            Hours = q.OpeningHours.Count == 0
                ? null
                : new OpeningHours(centre.FindTenant(q.TenantId)!.TimeZone,
                    q.OpeningHours.Select(w => new OpeningWindow(w.Day, w.From, w.To)).ToList(), q.ClosedOverflowQueue),
        };

    public static RoutingAgent ToRoutingAgent(this AgentDefinition a) => new(a.Id, a.Skills);
}
