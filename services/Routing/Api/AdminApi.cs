using System.Security.Claims;
using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.Routing.Admin;
using CallCentre.Routing.Engine;
using CallCentre.Routing.Loop;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CallCentre.Routing.Api;

/// <summary>PUT creates or replaces the whole definition, as the centre file spells it.</summary>
public static class AdminApi
{
    /// <summary>A queue as the centre file spells it, without its id (the URL's). Absent numbers take the file's defaults.</summary>
    public sealed record QueueRequest(
        string? TenantId, string? Name, string? LineOfBusiness, string? Language, Dictionary<string, int>? RequiredSkills,
        int? Priority, int? ServiceLevelThresholdSeconds, double? ServiceLevelTarget, int? WrapUpSeconds, int? OfferTimeoutSeconds,
        string? Strategy, List<EscalationConfiguration>? Escalations, int? MaxWaiting, int? MaxWaitSeconds, string? OverflowQueue,
        List<OpeningWindowConfiguration>? OpeningHours, string? ClosedOverflowQueue, int? CallbackAttempts = null, int? CallbackSpacingSeconds = null);

    /// <summary>Skills at proficiency 1..5; <paramref name="Password"/> absent keeps the previous one.</summary>
    public sealed record AgentRequest(string? Name, Dictionary<string, int>? Skills, string? Password, Dictionary<string, int>? Capacity = null,
        bool MixVoiceAndDigital = false, string? Team = null);

    public sealed record QueueResource(QueueConfiguration Queue, long Version);

    /// <summary><paramref name="RoutingSkills"/>: the previous skills until an agent on a call is done with it.</summary>
    public sealed record AgentResource(AgentDefinition Agent, long Version, IReadOnlyDictionary<string, int>? RoutingSkills);

    public static void MapAdminApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/admin").WithTags("Administration").RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor));
        read.MapGet("/queues", ListQueues).WithSummary("The queues of the tenants granted to the caller, with their rules.");
        read.MapGet("/queues/{queueId}", GetQueue).WithSummary("One queue's definition.");
        read.MapGet("/agents", ListAgents).WithSummary("The agents serving the tenants granted to the caller (an admin: every agent).")
            .WithMetadata(GatheredFromEveryPartition.Instance);
        read.MapGet("/agents/{agentId}", GetAgent).WithSummary("One agent's skills.");
        var write = app.MapGroup("/api/admin").WithTags("Administration").RequireAuthorization(p => p.RequireRole(Roles.Admin));
        write.MapPut("/queues/{queueId}", PutQueue)
            .WithSummary("Creates or replaces a queue (admin). A new queue takes calls at once; a changed one's rules decide every offer from now on.");
        write.MapPut("/agents/{agentId}", PutAgent)
            .WithSummary("Creates or changes an agent (admin). New skills apply at once, or when the agent is done with its current call.");
        app.MapCalendarApi();
    }

    internal static Ok<List<QueueResource>> ListQueues(ClaimsPrincipal user, CentreCatalog catalog) =>
        TypedResults.Ok(catalog.Current.Queues.Where(q => user.CanAccessTenant(q.TenantId))
            .OrderBy(q => q.Id, StringComparer.Ordinal).Select(q => new QueueResource(q, catalog.VersionOf("queue", q.Id))).ToList());

    internal static Results<Ok<QueueResource>, NotFound> GetQueue(string queueId, ClaimsPrincipal user, CentreCatalog catalog) =>
        catalog.Current.FindQueue(queueId) is { } q && user.CanAccessTenant(q.TenantId)
            ? TypedResults.Ok(new QueueResource(q, catalog.VersionOf("queue", q.Id)))
            : TypedResults.NotFound();

    internal static async Task<Ok<List<AgentResource>>> ListAgents(ClaimsPrincipal user, CentreCatalog catalog, RoutingLoop routing)
    {
        var agents = catalog.Current.Agents;
        var visible = await routing.ExecuteAsync((e, _) =>
            agents.Where(a => e.HasAgent(a.Id) && Visible(e, user, a.Id)).Select(a => (a, e.SkillsOf(a.Id))).ToList());
        return TypedResults.Ok(visible.OrderBy(v => v.a.Id, StringComparer.Ordinal)
            .Select(v => new AgentResource(v.a, catalog.VersionOf("agent", v.a.Id), v.Item2)).ToList());
    }

    internal static async Task<Results<Ok<AgentResource>, NotFound>> GetAgent(string agentId, ClaimsPrincipal user, CentreCatalog catalog, RoutingLoop routing)
    {
        var agent = catalog.Current.Agents.FirstOrDefault(a => a.Id == agentId);
        if (agent is null)
            return TypedResults.NotFound();
        var (visible, skills) = await routing.ExecuteAsync((e, _) => (Visible(e, user, agentId), e.SkillsOf(agentId)));
        return visible ? TypedResults.Ok(new AgentResource(agent, catalog.VersionOf("agent", agentId), skills)) : TypedResults.NotFound();
    }

    internal static async Task<Results<Ok<QueueResource>, ValidationProblem>> PutQueue(string queueId, QueueRequest? request, ClaimsPrincipal user,
        CentreAdministration admin, CancellationToken ct)
    {
        if (request is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["The queue's definition is required."] });
        var queue = new QueueConfiguration(queueId, request.TenantId!, request.Name!, request.LineOfBusiness!, request.Language!,
            request.RequiredSkills ?? [], request.Priority ?? 5, request.ServiceLevelThresholdSeconds ?? 20, request.ServiceLevelTarget ?? 0.8,
            request.WrapUpSeconds ?? 0, request.OfferTimeoutSeconds ?? 15)
        {
            Strategy = request.Strategy,
            Escalations = request.Escalations ?? [],
            MaxWaiting = request.MaxWaiting,
            MaxWaitSeconds = request.MaxWaitSeconds,
            OverflowQueue = request.OverflowQueue,
            OpeningHours = request.OpeningHours ?? [],
            ClosedOverflowQueue = request.ClosedOverflowQueue,
            CallbackAttempts = request.CallbackAttempts,
            CallbackSpacingSeconds = request.CallbackSpacingSeconds,
        };
        var (errors, item) = await admin.PutQueueAsync(queue, user.Subject(), ct);
        return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : TypedResults.Ok(new QueueResource(item!.Queue!, item.Version));
    }

    internal static async Task<Results<Ok<AgentResource>, ValidationProblem>> PutAgent(string agentId, AgentRequest? request, ClaimsPrincipal user,
        CentreAdministration admin, RoutingLoop routing, CancellationToken ct)
    {
        if (request is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["The agent's definition is required."] });
        if (request.Password is { Length: < 8 or > 128 })
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["password"] = ["The password is 8 to 128 characters."] });
        var (errors, item) = await admin.PutAgentAsync(new AgentDefinition(agentId, request.Name!, request.Skills ?? [])
            { Capacity = request.Capacity, MixVoiceAndDigital = request.MixVoiceAndDigital, Team = request.Team }, request.Password, user.Subject(), ct);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var skills = await routing.ExecuteAsync((e, _) => e.SkillsOf(agentId));
        return TypedResults.Ok(new AgentResource(item!.Agent!, item.Version, skills));
    }

    private static bool Visible(RoutingEngine engine, ClaimsPrincipal user, string agentId) =>
        user.IsAdmin() || engine.TenantsOfAgent(agentId).Any(user.CanAccessTenant);
}
