using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.Routing.Engine;
using CallCentre.Routing.Loop;
using CallCentre.Routing.Telephony;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CallCentre.Routing.Api;

/// <summary>The telephony edge: the PBX posts calls and hang-ups. The caller's number is hashed here and goes no further.</summary>
public static partial class TelephonyApi
{
    /// <summary><c>CallerNumber</c> is hashed on arrival and never stored; a post repeated with its <c>CallId</c> answers the call already placed.</summary>
    public sealed record PostCallRequest(string? QueueId, string? CallerNumber, int? Priority, string? PreferredAgentId, string? CallId = null);

    public sealed record CallResponse(Guid CallId, string TenantId, string QueueId, string State, string? AgentId, DateTimeOffset QueuedAt,
        int? Position, double? EstimatedWaitSeconds, string? Reason = null, string? PbxCallId = null, string Kind = ContactKinds.Voice);

    public static void MapTelephonyApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/telephony/calls").WithTags("Telephony")
            .RequireAuthorization(p => p.RequireRole(Roles.Telephony, Roles.Admin));
        group.MapPost("/", PostCall).WithSummary("A call arrives for a queue: it is queued and routed.");
        group.MapGet("/{callId:guid}", GetCall).WithSummary("A live call's state and place in line.");
        group.MapDelete("/{callId:guid}", HangUp).WithSummary("The caller hung up before being answered (an abandon).");
        group.MapPost("/{callId:guid}/transfer-failed", TransferFailed)
            .WithSummary("The edge could not move the caller after a blind transfer: the call goes back to the agent who transferred it.");
    }

    [GeneratedRegex(@"^\+?[0-9][0-9 ().-]{2,24}$")]
    internal static partial Regex PhoneNumber();

    internal static async Task<Results<Accepted<CallResponse>, ValidationProblem, NotFound, ProblemHttpResult>> PostCall(
        PostCallRequest? request, ClaimsPrincipal user, CentreDefinition centre, RoutingLoop routing, CallerNumberHasher hasher,
        PbxCallIdStore pbxCalls)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["A JSON body is required."] });
        if (string.IsNullOrWhiteSpace(request.QueueId))
            errors["queueId"] = ["The queue is required."];
        if (string.IsNullOrWhiteSpace(request.CallerNumber))
            errors["callerNumber"] = ["The caller's number is required."];
        else if (!PhoneNumber().IsMatch(request.CallerNumber))
            errors["callerNumber"] = ["The caller's number must be a phone number (digits, optionally a leading +)."];
        if (request.Priority is < 1 or > 10)
            errors["priority"] = ["The priority must be between 1 and 10."];
        if (request.CallId is not null && !CentreIds.IsValid(request.CallId))
            errors["callId"] = [$"The PBX's call id must be {CentreIds.Rule}."];
        if (request.PreferredAgentId is { Length: > 64 })
            errors["preferredAgentId"] = ["The preferred agent id is at most 64 characters."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        // Queues and agents are the centre's (the engine is built from it): checking them needs no trip through the loop.
        var queue = centre.FindQueue(request.QueueId!);
        if (queue is null || !user.CanAccessTenant(queue.TenantId))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["queueId"] = [$"There is no queue '{request.QueueId}'."] });
        if (request.PreferredAgentId is { } preferred && centre.Agents.All(a => a.Id != preferred))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["preferredAgentId"] = [$"There is no agent '{preferred}'."] });
        if (request.PreferredAgentId is { } named && !await routing.ExecuteAsync((e, _) => e.IsEligible(named, queue.Id)))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                { ["preferredAgentId"] = [$"Agent '{named}' does not serve queue '{queue.Id}' (its skills and languages)."] });

        var pbxCallId = request.CallId;
        if (pbxCallId is not null && await pbxCalls.FindAsync(queue.TenantId, pbxCallId) is { } known)
            return known.QueueId == queue.Id ? Placed(Answer(known)) : CallIdTaken(pbxCallId, known.QueueId);

        var callerHash = await hasher.HashAsync(queue.TenantId, request.CallerNumber!);
        var incoming = new IncomingCall(pbxCallId is null ? NewId.NextGuid() : PbxCallIdStore.CallIdFor(queue.TenantId, pbxCallId), queue.Id,
            callerHash, request.Priority)
        {
            PreferredAgentId = request.PreferredAgentId,
        };
        var response = await routing.ExecuteAsync((e, now) => e.Enqueue(incoming, now) switch
        {
            RoutingOutcome.Ok => ToResponse(e.FindCall(incoming.CallId)!),
            RoutingOutcome.Rejected => new CallResponse(incoming.CallId, queue.TenantId, queue.Id, "Rejected", null, now, null, null, e.LastRejectionReason),
            // The same PBX call id posted again before its first answer was kept (at once, or just before a restart).
            RoutingOutcome.Duplicate when e.FindCall(incoming.CallId) is { } placed => ToResponse(placed),
            _ => null,
        });
        if (response is null)
            return TypedResults.NotFound();
        if (pbxCallId is null)
            return Placed(response);
        if (response.QueueId != queue.Id)
            return CallIdTaken(pbxCallId, response.QueueId);
        var kept = await pbxCalls.KeepAsync(queue.TenantId, pbxCallId, queue.Id, response.CallId,
            JsonSerializer.Serialize(response with { PbxCallId = pbxCallId }, AnswerJson));
        return kept.QueueId == queue.Id ? Placed(Answer(kept)) : CallIdTaken(pbxCallId, kept.QueueId);
    }

    private static readonly JsonSerializerOptions AnswerJson = new(JsonSerializerDefaults.Web);

    private static CallResponse Answer(PbxCallIdStore.KnownCall known) => JsonSerializer.Deserialize<CallResponse>(known.Answer, AnswerJson)!;

    private static Accepted<CallResponse> Placed(CallResponse response) =>
        TypedResults.Accepted($"/api/telephony/calls/{response.CallId}", response);

    private static ProblemHttpResult CallIdTaken(string pbxCallId, string queueId) => TypedResults.Problem(
        title: "The PBX's call id names another call.", statusCode: StatusCodes.Status409Conflict,
        extensions: new Dictionary<string, object?>
        {
            ["errors"] = new Dictionary<string, string[]> { ["callId"] = [$"Call '{pbxCallId}' was posted to queue '{queueId}'."] },
        });

    internal static async Task<Results<Ok<CallResponse>, NotFound>> GetCall(Guid callId, ClaimsPrincipal user, RoutingLoop routing)
    {
        var view = await routing.ExecuteAsync((e, _) => e.FindCall(callId));
        return view is null || !user.CanAccessTenant(view.TenantId) ? TypedResults.NotFound() : TypedResults.Ok(ToResponse(view));
    }

    internal static async Task<Results<NoContent, NotFound, Conflict<string>>> HangUp(Guid callId, ClaimsPrincipal user, RoutingLoop routing)
    {
        var outcome = await routing.ExecuteAsync((e, now) =>
            e.FindCall(callId) is { } call && user.CanAccessTenant(call.TenantId) ? e.Abandon(callId, now) : RoutingOutcome.UnknownCall);
        return outcome switch
        {
            RoutingOutcome.Ok => TypedResults.NoContent(),
            RoutingOutcome.InvalidState => TypedResults.Conflict("The call is already connected to an agent."),
            _ => TypedResults.NotFound(),
        };
    }

    internal static CallResponse ToResponse(CallView v) =>
        new(v.CallId, v.TenantId, v.QueueId, v.State.ToString(), v.AgentId, v.QueuedAt, v.Position,
            v.EstimatedWaitSeconds is { } s ? Math.Round(s, 1) : null, Kind: v.Kind.Name());
}
