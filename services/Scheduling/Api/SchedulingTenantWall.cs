using System.Security.Claims;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;

namespace CallCentre.Scheduling.Api;

/// <summary>An admin sees every agent, a supervisor those who serve one of its tenants, an agent itself. Handlers work
/// on the centre this answers, so another tenant's agent is unknown to them.</summary>
public static class SchedulingTenantWall
{
    public static CentreDefinition VisibleTo(ClaimsPrincipal user, CentreDefinition centre)
    {
        if (user.IsAdmin())
            return centre;
        var self = user.IsInRole(Roles.Agent) ? user.AgentId() : null;
        var supervisor = user.IsInRole(Roles.Supervisor);
        var agents = centre.Agents.Where(a => a.Id == self ||
                                              (supervisor && AgentTenants.ServedBy(centre, a).Any(user.CanAccessTenant))).ToList();
        return centre with { Agents = agents };
    }
}
