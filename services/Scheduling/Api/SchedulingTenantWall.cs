using System.Security.Claims;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;

namespace CallCentre.Scheduling.Api;

/// <summary>The agents a caller may see in Scheduling (adherence, published schedules): an admin every agent, a supervisor the
/// agents who serve at least one of its granted tenants (<see cref="AgentTenants"/>), an agent itself. Handlers work on the
/// centre this answers, so that another tenant's agent is unknown to them (404, or refused like an unknown id).</summary>
public static class SchedulingTenantWall
{
    /// <summary>The centre with only the agents <paramref name="user"/> may see.</summary>
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
