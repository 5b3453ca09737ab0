using System.Security.Claims;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.Routing.Engine;
using CallCentre.Routing.Loop;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace CallCentre.Routing.Api;

/// <summary>The agent desktop's API: an agent acts only as itself (the agent id comes from the token).</summary>
public static class AgentApi
{
    public sealed record AgentResponse(string AgentId, string State, string? Reason, DateTimeOffset Since, OfferResponse? Call,
        IReadOnlyList<HeldContact>? Contacts = null, ConsultResponse? Consult = null, string? LastConsultOutcome = null);
    /// <summary><c>Role</c>: consulting (about the agent's own call, on hold meanwhile) or consulted (about <c>AgentId</c>'s call,
    /// answered and declined with the call's id like an offer). <c>State</c>: Ringing or Talking. <c>ToQueueId</c>: the queue
    /// consulted, null when an agent was named.</summary>
    public sealed record ConsultResponse(Guid CallId, string Role, string AgentId, string AgentName, string TenantId, string QueueId,
        string? ToQueueId, string State, DateTimeOffset StartedAt, DateTimeOffset QueuedAt);
    /// <summary>Accepted (<c>answer</c>), declined (<c>reject</c>) and completed (<c>complete</c>) like a call, by its id.</summary>
    /// <summary>A callback also carries its dial (<c>callbackAttempt</c>) and <c>callbackStage</c>: Waiting, Dialing or Connected.</summary>
    public sealed record HeldContact(Guid ContactId, string Kind, string QueueId, string TenantId, string State, DateTimeOffset QueuedAt,
        DateTimeOffset? AnsweredAt, int? CallbackAttempt = null, string? CallbackStage = null, string? ScreenPopUrl = null);
    public sealed record OfferResponse(Guid CallId, string QueueId, string TenantId, DateTimeOffset QueuedAt,
        DateTimeOffset? AnsweredAt = null, bool OnHold = false, DateTimeOffset? HeldSince = null, double HoldSeconds = 0,
        bool TransferFailed = false);
    public sealed record StateRequest(string? State, string? Reason);
    public sealed record CompleteRequest(string? Disposition);
    /// <summary>One of the two: a queue of the call's client company, or an agent eligible for the call's queue.</summary>
    public sealed record TransferRequest(string? QueueId, string? AgentId = null);
    public sealed record TransferTargets(IReadOnlyList<TransferQueue> Queues, IReadOnlyList<TransferAgent> Agents);
    public sealed record TransferQueue(string QueueId, string Name);
    public sealed record TransferAgent(string AgentId, string Name, string State);
    public sealed record TenantDispositions(string TenantId, IReadOnlyList<DispositionDefinition> Dispositions);

    public static void MapAgentApi(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/agents/me").WithTags("Agent desktop").RequireAuthorization(p => p.RequireRole(Roles.Agent));
        me.MapGet("/", GetMe).WithSummary("The agent's state and the call offered to or connected with it.");
        me.MapPut("/state", SetState).WithSummary("Available, NotReady (with a reason) or LoggedOut.");
        me.MapPost("/calls/{callId:guid}/answer", Answer).WithSummary("Accepts the ringing offer.");
        me.MapPost("/calls/{callId:guid}/reject", Reject).WithSummary("Declines the ringing offer; the call keeps its place in line.");
        me.MapGet("/dispositions", GetDispositions).WithSummary("The disposition codes of each tenant whose queues the agent serves.");
        me.MapPost("/calls/{callId:guid}/complete", Complete).WithSummary("Ends the connected call, with an optional disposition code from its tenant's list.");
        me.MapPost("/calls/{callId:guid}/hold", Hold).WithSummary("Puts the connected call on hold (409 if it already is).");
        me.MapPost("/calls/{callId:guid}/resume", Resume).WithSummary("Takes the held call off hold (409 if it is not on hold).");
        me.MapPost("/calls/{callId:guid}/transfer", Transfer)
            .WithSummary("Sends the connected call or conversation to another queue, where it keeps its place, or to an agent, for whom it waits first.");
        me.MapPost("/calls/{callId:guid}/consult", StartConsult)
            .WithSummary("Puts the connected call on hold and rings a colleague (agentId) or a queue's next eligible agent (queueId) for a consult; " +
                         "the colleague answers or declines it with the call's id.");
        me.MapPost("/calls/{callId:guid}/consult/complete", CompleteConsult)
            .WithSummary("Ends the consult by giving the call to the consulted colleague, who answered; the agent goes to after-call work.");
        me.MapPost("/calls/{callId:guid}/consult/cancel", CancelConsult)
            .WithSummary("The consulting agent goes back to the caller (taken off hold), or the consulted one leaves (the caller stays on hold).");
        me.MapGet("/calls/{callId:guid}/transfer-targets", GetTransferTargets)
            .WithSummary("The queues of the connected call's or conversation's client company and the other agents who may take it in its queue.");
    }

    internal static async Task<Results<Ok<AgentResponse>, NotFound>> GetMe(ClaimsPrincipal user, RoutingLoop routing, CentreCatalog catalog)
    {
        var view = await routing.ExecuteAsync((e, _) => e.FindAgent(user.AgentId() ?? ""));
        if (view is null)
            return TypedResults.NotFound();
        var response = WithNames(ToResponse(view), catalog);
        return TypedResults.Ok(response with
        {
            Contacts = response.Contacts!.Select(c => c with
                { ScreenPopUrl = ScreenPop.Link(catalog.Current.FindTenant(c.TenantId), c.ContactId, c.QueueId, null) }).ToList(),
        });
    }

    internal static async Task<Results<Ok<AgentResponse>, ValidationProblem, NotFound, ProblemHttpResult>> SetState(
        StateRequest? request, ClaimsPrincipal user, RoutingLoop routing)
    {
        if (!Enum.TryParse<AgentState>(request?.State, ignoreCase: true, out var state) ||
            state is not (AgentState.Available or AgentState.NotReady or AgentState.LoggedOut))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                { ["state"] = ["The state must be Available, NotReady or LoggedOut."] });
        if (request!.Reason is { Length: > 64 })
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["The reason is at most 64 characters."] });

        var agentId = user.AgentId() ?? "";
        var (outcome, view) = await routing.ExecuteAsync((e, now) => (e.SetAgentState(agentId, state, request.Reason, now), e.FindAgent(agentId)));
        return outcome switch
        {
            RoutingOutcome.Ok => TypedResults.Ok(ToResponse(view!)),
            RoutingOutcome.UnknownAgent => TypedResults.NotFound(),
            _ => Conflict("Finish, or reject, the current call first."),
        };
    }

    internal static Task<Results<Ok<AgentResponse>, NotFound, ProblemHttpResult>> Answer(Guid callId, ClaimsPrincipal user, RoutingLoop routing) =>
        Act(user, routing, (e, agentId, now) => e.Answer(agentId, callId, now));

    internal static Task<Results<Ok<AgentResponse>, NotFound, ProblemHttpResult>> Reject(Guid callId, ClaimsPrincipal user, RoutingLoop routing) =>
        Act(user, routing, (e, agentId, now) => e.Reject(agentId, callId, now));

    internal static async Task<Ok<IReadOnlyList<TenantDispositions>>> GetDispositions(ClaimsPrincipal user, RoutingLoop routing, CentreDefinition centre)
    {
        var agentId = user.AgentId() ?? "";
        var tenants = await routing.ExecuteAsync((e, _) => e.TenantsOfAgent(agentId));
        IReadOnlyList<TenantDispositions> lists = tenants.Select(centre.FindTenant).OfType<TenantDefinition>()
            .Select(t => new TenantDispositions(t.Id, Dispositions.Of(t))).ToList();
        return TypedResults.Ok(lists);
    }

    internal static async Task<Results<Ok<AgentResponse>, NotFound, ProblemHttpResult, ValidationProblem>> Complete(
        Guid callId, [FromBody] CompleteRequest? request, ClaimsPrincipal user, RoutingLoop routing, CentreDefinition centre)
    {
        var disposition = request?.Disposition;
        var agentId = user.AgentId() ?? "";
        // The code is checked against the tenant of the call the agent holds, in the same turn of the loop that ends it.
        var (outcome, view, refused) = await routing.ExecuteAsync((e, now) =>
        {
            if (disposition is not null && e.FindAgent(agentId) is { } me &&
                (me.CallId == callId ? me.TenantId : me.Contacts.FirstOrDefault(c => c.ContactId == callId)?.TenantId) is { } tenant &&
                !Dispositions.Allows(centre, tenant, disposition))
                return (RoutingOutcome.InvalidState, null, true);
            return (e.Complete(agentId, callId, disposition, now), e.FindAgent(agentId), false);
        });
        if (refused)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                { ["disposition"] = ["The disposition must be one of the codes of the call's client company (GET /api/agents/me/dispositions)."] });
        return outcome switch
        {
            RoutingOutcome.Ok => TypedResults.Ok(ToResponse(view!)),
            RoutingOutcome.UnknownAgent or RoutingOutcome.UnknownCall or RoutingOutcome.NotAgentsCall => TypedResults.NotFound(),
            _ => Conflict("The call is not in a state that allows this."),
        };
    }

    internal static Task<Results<Ok<AgentResponse>, NotFound, ProblemHttpResult>> Hold(Guid callId, ClaimsPrincipal user, RoutingLoop routing) =>
        Act(user, routing, (e, agentId, now) => e.Hold(agentId, callId, now), "Only a connected call that is not on hold can be put on hold.");

    internal static Task<Results<Ok<AgentResponse>, NotFound, ProblemHttpResult>> Resume(Guid callId, ClaimsPrincipal user, RoutingLoop routing) =>
        Act(user, routing, (e, agentId, now) => e.Resume(agentId, callId, now), "The call is not on hold.");

    internal static async Task<Results<Ok<AgentResponse>, NotFound, ProblemHttpResult, ValidationProblem>> Transfer(
        Guid callId, TransferRequest? request, ClaimsPrincipal user, RoutingLoop routing)
    {
        if (string.IsNullOrWhiteSpace(request?.QueueId) == string.IsNullOrWhiteSpace(request?.AgentId))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                { ["queueId"] = ["Name either the queue (queueId) or the agent (agentId) to transfer to."] });
        var agentId = user.AgentId() ?? "";
        if (request!.AgentId is { } toAgent)
        {
            // Only a call of the agent's own is checked against the target, so that other agents' calls cannot be probed.
            var (toOutcome, toView) = await routing.ExecuteAsync((e, now) =>
                Connected(e.FindAgent(agentId), callId) is null ? (RoutingOutcome.NotAgentsCall, (AgentView?)null)
                    : (e.TransferToAgent(agentId, callId, toAgent, now), e.FindAgent(agentId)));
            return toOutcome switch
            {
                RoutingOutcome.Ok => TypedResults.Ok(ToResponse(toView!)),
                RoutingOutcome.UnknownAgent => TypedResults.Problem(new HttpValidationProblemDetails(
                    new Dictionary<string, string[]> { ["agentId"] = [$"No other agent '{toAgent}' can take this call's queue."] })
                    { Title = "There is no such agent.", Status = StatusCodes.Status404NotFound }),
                RoutingOutcome.UnknownCall or RoutingOutcome.NotAgentsCall => TypedResults.NotFound(),
                _ => Conflict(NotTransferable),
            };
        }
        var (outcome, view) = await routing.ExecuteAsync((e, now) => (e.Transfer(agentId, callId, request.QueueId!, now), e.FindAgent(agentId)));
        return outcome switch
        {
            RoutingOutcome.Ok => TypedResults.Ok(ToResponse(view!)),
            // Unknown, or another client company's: the same answer, so that other tenants' queue ids cannot be probed.
            RoutingOutcome.UnknownQueue => TypedResults.Problem(new HttpValidationProblemDetails(
                new Dictionary<string, string[]> { ["queueId"] = [$"There is no queue '{request.QueueId}'."] })
                { Title = "There is no such queue.", Status = StatusCodes.Status404NotFound }),
            RoutingOutcome.UnknownAgent or RoutingOutcome.UnknownCall or RoutingOutcome.NotAgentsCall => TypedResults.NotFound(),
            _ => Conflict(NotTransferable),
        };
    }

    internal static async Task<Results<Ok<AgentResponse>, NotFound, ProblemHttpResult, ValidationProblem>> StartConsult(
        Guid callId, TransferRequest? request, ClaimsPrincipal user, RoutingLoop routing, CentreCatalog catalog)
    {
        if (string.IsNullOrWhiteSpace(request?.QueueId) == string.IsNullOrWhiteSpace(request?.AgentId))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                { ["queueId"] = ["Name either the queue (queueId) or the agent (agentId) to consult."] });
        var agentId = user.AgentId() ?? "";
        // Only a call of the agent's own is checked against the target, so that other agents' calls cannot be probed.
        var (outcome, view) = await routing.ExecuteAsync((e, now) =>
            e.FindAgent(agentId) is not { } me || (me.CallId != callId && me.Contacts.All(c => c.ContactId != callId))
                ? (RoutingOutcome.NotAgentsCall, (AgentView?)null)
                : (e.StartConsult(agentId, callId, request!.AgentId is null ? request.QueueId : null, request.AgentId, now), e.FindAgent(agentId)));
        return outcome switch
        {
            RoutingOutcome.Ok => TypedResults.Ok(WithNames(ToResponse(view!), catalog)),
            RoutingOutcome.UnknownAgent => TypedResults.Problem(new HttpValidationProblemDetails(
                new Dictionary<string, string[]> { ["agentId"] = [$"No other agent '{request!.AgentId}' can take this call's queue."] })
                { Title = "There is no such agent.", Status = StatusCodes.Status404NotFound }),
            RoutingOutcome.UnknownQueue => TypedResults.Problem(new HttpValidationProblemDetails(
                new Dictionary<string, string[]> { ["queueId"] = [$"There is no queue '{request!.QueueId}'."] })
                { Title = "There is no such queue.", Status = StatusCodes.Status404NotFound }),
            RoutingOutcome.Unavailable => TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]>
                {
                    [request!.AgentId is null ? "queueId" : "agentId"] = [request.AgentId is null
                        ? $"No agent of queue '{request.QueueId}' is available now."
                        : $"Agent '{request.AgentId}' is not available now."],
                }) { Title = "Nobody is available for a consult.", Status = StatusCodes.Status409Conflict }),
            RoutingOutcome.UnknownCall or RoutingOutcome.NotAgentsCall => TypedResults.NotFound(),
            _ => Conflict("Only a connected call with no consult in progress can start one."),
        };
    }

    internal static Task<Results<Ok<AgentResponse>, NotFound, ProblemHttpResult>> CompleteConsult(Guid callId, ClaimsPrincipal user,
        RoutingLoop routing) =>
        Act(user, routing, (e, agentId, now) => e.CompleteConsult(agentId, callId, now),
            "Only a consult the colleague has answered can be completed.");

    internal static Task<Results<Ok<AgentResponse>, NotFound, ProblemHttpResult>> CancelConsult(Guid callId, ClaimsPrincipal user,
        RoutingLoop routing) =>
        Act(user, routing, (e, agentId, now) => e.CancelConsult(agentId, callId, now), "There is no consult in progress about this call.");

    internal static async Task<Results<Ok<TransferTargets>, NotFound>> GetTransferTargets(Guid callId, ClaimsPrincipal user, RoutingLoop routing,
        CentreCatalog catalog)
    {
        var agentId = user.AgentId() ?? "";
        var targets = await routing.ExecuteAsync((e, _) =>
        {
            if (Connected(e.FindAgent(agentId), callId) is not ({ } tenant, { } queue, var kind))
                return null;
            return new TransferTargets(e.QueuesOfTenant(tenant).Select(q => new TransferQueue(q.Id, q.Name)).ToList(),
                e.AgentsEligibleFor(queue, kind).Where(a => a.AgentId != agentId)
                    .Select(a => new TransferAgent(a.AgentId, catalog.AgentName(a.AgentId), a.State.ToString())).ToList());
        });
        return targets is null ? TypedResults.NotFound() : TypedResults.Ok(targets);
    }

    private const string NotTransferable = "Only a connected call, chat, e-mail or messaging conversation can be transferred.";

    /// <summary>The agent's connected phone call or conversation by that id; null for anything else (ringing, another agent's).</summary>
    private static (string TenantId, string QueueId, ContactKind Kind)? Connected(AgentView? me, Guid callId)
    {
        if (me is { CallId: { } held, TenantId: { } tenant, QueueId: { } queue, AnsweredAt: not null } && held == callId)
            return (tenant, queue, ContactKind.Voice);
        return me?.Contacts.FirstOrDefault(c => c.ContactId == callId && c.State == CallState.OnCall) is { } contact
            ? (contact.TenantId, contact.QueueId, contact.Kind)
            : null;
    }

    private static async Task<Results<Ok<AgentResponse>, NotFound, ProblemHttpResult>> Act(
        ClaimsPrincipal user, RoutingLoop routing, Func<RoutingEngine, string, DateTimeOffset, RoutingOutcome> action,
        string conflict = "The call is not in a state that allows this.")
    {
        var agentId = user.AgentId() ?? "";
        var (outcome, view) = await routing.ExecuteAsync((e, now) => (action(e, agentId, now), e.FindAgent(agentId)));
        return outcome switch
        {
            RoutingOutcome.Ok => TypedResults.Ok(ToResponse(view!)),
            // Another agent's call, or no such call: the same answer, so that call ids cannot be probed.
            RoutingOutcome.UnknownAgent or RoutingOutcome.UnknownCall or RoutingOutcome.NotAgentsCall => TypedResults.NotFound(),
            _ => Conflict(conflict),
        };
    }

    private static ProblemHttpResult Conflict(string title) => TypedResults.Problem(title: title, statusCode: StatusCodes.Status409Conflict);

    private static AgentResponse WithNames(AgentResponse response, CentreCatalog catalog) =>
        response.Consult is { } consult ? response with { Consult = consult with { AgentName = catalog.AgentName(consult.AgentId) } } : response;

    internal static AgentResponse ToResponse(AgentView v) => new(v.AgentId, v.State.ToString(), v.Reason, v.Since,
        v.CallId is { } id
            ? new OfferResponse(id, v.QueueId!, v.TenantId!, v.QueuedAt!.Value, v.AnsweredAt, v.HeldSince is not null, v.HeldSince, v.HoldSeconds,
                v.TransferFailedCallId == id)
            : null,
        v.Contacts.Select(c => new HeldContact(c.ContactId, c.Kind.Name(), c.QueueId, c.TenantId, c.State.ToString(), c.QueuedAt,
            c.AnsweredAt, c.CallbackAttempt, c.CallbackAttempt is null ? null : c.CallbackStage.ToString())).ToList(),
        v.Consult is { } k
            ? new ConsultResponse(k.CallId, k.Consulting ? "consulting" : "consulted", k.OtherAgentId, k.OtherAgentId, k.TenantId, k.QueueId,
                k.ToQueueId, k.Talking ? "Talking" : "Ringing", k.StartedAt, k.QueuedAt)
            : null,
        v.LastConsultOutcome);
}
