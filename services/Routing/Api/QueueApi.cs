using System.Security.Claims;
using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.Routing.Engine;
using CallCentre.Routing.Loop;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CallCentre.Routing.Api;

public static class QueueApi
{
    public sealed record ForceStateRequest(string? State, string? Reason);

    public static void MapQueueApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/routing").WithTags("Supervision").RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor));
        group.MapGet("/queues", GetQueues).WithSummary("A snapshot of every queue of the tenants granted to the caller.")
            .WithMetadata(GatheredFromEveryPartition.Instance);
        group.MapGet("/agents", GetAgents).WithSummary("The agents serving the tenants granted to the caller, with their states.")
            .WithMetadata(GatheredFromEveryPartition.Instance);
        group.MapPut("/agents/{agentId}/state", ForceState).WithSummary("Forces an agent's state (a ringing offer goes back to the queue).");
    }

    internal static async Task<Ok<List<AgentApi.AgentResponse>>> GetAgents(ClaimsPrincipal user, RoutingLoop routing) =>
        TypedResults.Ok(await routing.ExecuteAsync((e, _) =>
            e.Agents.Where(a => Serves(e, user, a.AgentId)).Select(a => Visible(AgentApi.ToResponse(a), user)).ToList()));

    /// <summary>The supervisor sees that a shared agent is busy, never which client's call it is.</summary>
    private static AgentApi.AgentResponse Visible(AgentApi.AgentResponse agent, ClaimsPrincipal user) =>
        agent.Call is { } call && !user.CanAccessTenant(call.TenantId) ? agent with { Call = null } : agent;

    internal static async Task<Results<Ok<AgentApi.AgentResponse>, NotFound, ValidationProblem, ProblemHttpResult>> ForceState(
        string agentId, ForceStateRequest? request, ClaimsPrincipal user, RoutingLoop routing)
    {
        if (!Enum.TryParse<AgentState>(request?.State, ignoreCase: true, out var state) ||
            state is not (AgentState.Available or AgentState.NotReady or AgentState.LoggedOut))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["state"] = ["The state must be Available, NotReady or LoggedOut."] });
        if (request!.Reason is { Length: > 64 })
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["The reason is at most 64 characters."] });
        var (outcome, view) = await routing.ExecuteAsync((e, now) => Serves(e, user, agentId)
            ? (e.ForceAgentState(agentId, state, request.Reason, now), e.FindAgent(agentId))
            : (RoutingOutcome.UnknownAgent, null));
        return outcome switch
        {
            RoutingOutcome.Ok => TypedResults.Ok(Visible(AgentApi.ToResponse(view!), user)),
            RoutingOutcome.UnknownAgent => TypedResults.NotFound(),
            _ => TypedResults.Problem(title: "The agent is on a call; it cannot be forced away from it.", statusCode: StatusCodes.Status409Conflict),
        };
    }

    private static bool Serves(RoutingEngine engine, ClaimsPrincipal user, string agentId) =>
        engine.HasAgent(agentId) && (user.IsAdmin() || engine.TenantsOfAgent(agentId).Any(user.CanAccessTenant));

    internal static async Task<Ok<List<QueueSnapshot>>> GetQueues(ClaimsPrincipal user, CentreDefinition centre, RoutingLoop routing)
    {
        var queues = centre.Queues.Where(q => user.CanAccessTenant(q.TenantId)).Select(q => q.Id).ToList();
        return TypedResults.Ok(await routing.ExecuteAsync((e, now) => queues.Where(e.HasQueue).Select(q => e.Snapshot(q, now)).ToList()));
    }
}
