using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Data;
using CallCentre.Routing.Engine;
using CallCentre.Routing.Loop;
using CallCentre.Routing.Telephony;
using Dapper;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CallCentre.Routing.Api;

/// <summary>In-queue callbacks on the PBX's side (docs/telephony.md, Callbacks): the caller chooses one, the PBX dials it when an agent
/// accepts it, and reports each dial's outcome.</summary>
public static class CallbackApi
{
    public sealed record CallbackRequest(string? CallbackNumber);

    /// <summary><c>CallbackNumber</c> in clear, for the PBX to dial: this list is for the telephony role only.</summary>
    public sealed record DialResponse(Guid CallId, string TenantId, string QueueId, string AgentId, int Attempt, DateTimeOffset RequestedAt,
        string CallbackNumber);

    public sealed record AttemptRequest(int? Attempt, string? Outcome);

    public sealed record AttemptResponse(Guid CallId, int Attempt, string Outcome);

    /// <summary><c>WindowStart</c>, <c>WindowEnd</c>: local times in <c>TimeZone</c> (IANA), no offset; <c>RequestId</c>: the PBX's, for repeats.</summary>
    public sealed record ScheduleRequest(string? QueueId, string? CallbackNumber, string? TimeZone, string? WindowStart, string? WindowEnd,
        string? RequestId = null);

    public sealed record ScheduledResponse(Guid CallId, string TenantId, string QueueId, DateTimeOffset DueAt, DateTimeOffset WindowEndsAt,
        string Kind = ContactKinds.Callback, string? RequestId = null);

    /// <summary>The first answer to a request id and a keyed digest of its body (no number in clear), to tell a repeat from a reuse.</summary>
    private sealed record KeptBooking(ScheduledResponse Answer, string Body);

    private static readonly JsonSerializerOptions AnswerJson = new(JsonSerializerDefaults.Web);

    public static void MapCallbackApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/telephony").WithTags("Telephony")
            .RequireAuthorization(p => p.RequireRole(Roles.Telephony, Roles.Admin));
        group.MapPost("/calls/{callId:guid}/callback", RequestCallback)
            .WithSummary("A waiting caller chooses to be called back: the call leaves the line and keeps its place.");
        group.MapPost("/callbacks", Schedule)
            .WithSummary("A callback booked for a window in the customer's zone, within the client company's calling hours.");
        group.MapGet("/callbacks/dials", Dials).WithSummary("The callbacks an agent accepted, for the PBX to dial now.")
            .WithMetadata(GatheredFromEveryPartition.Instance);
        group.MapPost("/callbacks/{callId:guid}/attempts", RecordAttempt).WithSummary("The outcome of a dial: connected, no-answer or busy.");
    }

    internal static async Task<Results<Accepted<TelephonyApi.CallResponse>, ValidationProblem, NotFound, ProblemHttpResult>> RequestCallback(
        Guid callId, CallbackRequest? request, ClaimsPrincipal user, RoutingLoop routing, CallbackNumberVault vault)
    {
        if (request is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["A JSON body is required."] });
        if (string.IsNullOrWhiteSpace(request.CallbackNumber) || !TelephonyApi.PhoneNumber().IsMatch(request.CallbackNumber))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                { ["callbackNumber"] = ["The number to call back must be a phone number (digits, optionally a leading +)."] });
        var call = await routing.ExecuteAsync((e, _) => e.FindCall(callId));
        if (call is null || !user.CanAccessTenant(call.TenantId))
            return TypedResults.NotFound();
        // Kept before the engine turns the call into a callback, so that no dial is ever asked without its number.
        await vault.KeepAsync(call.TenantId, callId, request.CallbackNumber);
        var (outcome, view) = await routing.ExecuteAsync((e, now) => (e.RequestCallback(callId, now), e.FindCall(callId)));
        switch (outcome)
        {
            case RoutingOutcome.Ok or RoutingOutcome.Duplicate when view is not null:
                return TypedResults.Accepted($"/api/telephony/calls/{callId}", TelephonyApi.ToResponse(view));
            case RoutingOutcome.InvalidState:
                await vault.ForgetAsync(callId);
                return TypedResults.Problem(title: "Only a caller still waiting in line can choose a callback.",
                    statusCode: StatusCodes.Status409Conflict, detail: $"The call is {view?.State.ToString() ?? "ended"}.");
            default:
                await vault.ForgetAsync(callId);
                return TypedResults.NotFound();
        }
    }

    internal static async Task<Results<Accepted<ScheduledResponse>, ValidationProblem, ProblemHttpResult>> Schedule(ScheduleRequest? request,
        ClaimsPrincipal user, CentreDefinition centre, RoutingLoop routing, CallbackNumberVault vault, CallerNumberHasher hasher, PbxCallIdStore ids)
    {
        if (request is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["A JSON body is required."] });
        var queue = string.IsNullOrWhiteSpace(request.QueueId) ? null : centre.FindQueue(request.QueueId);
        var errors = new Dictionary<string, string[]>();
        if (queue is null || !user.CanAccessTenant(queue.TenantId))
            errors["queueId"] = [$"There is no queue '{request.QueueId}'."];
        if (string.IsNullOrWhiteSpace(request.CallbackNumber) || !TelephonyApi.PhoneNumber().IsMatch(request.CallbackNumber))
            errors["callbackNumber"] = ["The number to call back must be a phone number (digits, optionally a leading +)."];
        if (request.RequestId is { } rid && (rid.Length is 0 or > 200 || rid.Any(char.IsControl) || string.IsNullOrWhiteSpace(rid)))
            errors["requestId"] = ["The PBX's id of the booking is 1 to 200 characters, without control characters."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var callerHash = await hasher.HashAsync(queue!.TenantId, request.CallbackNumber!);
        var key = request.RequestId is null ? null : $"callback/{request.RequestId}";
        var body = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join('\n', queue.Id, callerHash, request.TimeZone, request.WindowStart, request.WindowEnd))));
        if (key is not null && await ids.FindAsync(queue.TenantId, key) is { } known)
            return Repeated(known, body, request.RequestId!);
        var hours = centre.FindTenant(queue!.TenantId)?.CallingHours ?? CallingHours.French;
        var (window, problems) = await routing.ExecuteAsync((e, now) => CallingHours.Check(request.TimeZone, request.WindowStart, request.WindowEnd,
            hours, d => e.IsHoliday(queue.TenantId, d), now));
        if (window is null)
            return TypedResults.ValidationProblem(problems);
        var callId = key is null ? NewId.NextGuid() : PbxCallIdStore.CallIdFor(queue.TenantId, key);
        await vault.KeepAsync(queue.TenantId, callId, request.CallbackNumber!);
        var outcome = await routing.ExecuteAsync((e, now) => e.ScheduleCallback(callId, queue.Id, callerHash, window.Start, window.End, now));
        if (outcome is not (RoutingOutcome.Ok or RoutingOutcome.Duplicate) || (outcome == RoutingOutcome.Duplicate && key is null))
        {
            await vault.ForgetAsync(callId);
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["queueId"] = [$"There is no queue '{request.QueueId}'."] });
        }
        var answer = new ScheduledResponse(callId, queue.TenantId, queue.Id, window.Start, window.End, RequestId: request.RequestId);
        if (key is null)
            return TypedResults.Accepted($"/api/telephony/calls/{callId}", answer);
        var kept = await ids.KeepAsync(queue.TenantId, key, queue.Id, callId, JsonSerializer.Serialize(new KeptBooking(answer, body), AnswerJson));
        return Repeated(kept, body, request.RequestId!);
    }

    private static Results<Accepted<ScheduledResponse>, ValidationProblem, ProblemHttpResult> Repeated(PbxCallIdStore.KnownCall known, string body,
        string requestId)
    {
        var first = JsonSerializer.Deserialize<KeptBooking>(known.Answer, AnswerJson)!;
        if (first.Body == body)
            return TypedResults.Accepted($"/api/telephony/calls/{first.Answer.CallId}", first.Answer);
        return TypedResults.Problem(title: "The request id names another booking.", statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = new Dictionary<string, string[]>
                    { ["requestId"] = [$"'{requestId}' booked callback {first.Answer.CallId} with another queue, number or window."] },
            });
    }

    internal static async Task<Ok<List<DialResponse>>> Dials(ClaimsPrincipal user, RoutingLoop routing, CallbackNumberVault vault)
    {
        var dials = await routing.ExecuteAsync((e, _) => e.CallbackDials(user.CanAccessTenant));
        var answer = new List<DialResponse>(dials.Count);
        foreach (var d in dials)
            if (await vault.OpenAsync(d.TenantId, d.CallId) is { } number)
                answer.Add(new DialResponse(d.CallId, d.TenantId, d.QueueId, d.AgentId, d.Attempt, d.RequestedAt, number));
        return TypedResults.Ok(answer);
    }

    internal static async Task<Results<Ok<AttemptResponse>, ValidationProblem, NotFound, ProblemHttpResult>> RecordAttempt(
        Guid callId, AttemptRequest? request, ClaimsPrincipal user, RoutingLoop routing, ModuleDatabase<RoutingModule> database)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["A JSON body is required."] });
        if (request.Attempt is not (>= 1 and <= 100))
            errors["attempt"] = ["The attempt is the dial's number, from 1."];
        if (request.Outcome is null || !CallbackOutcomes.All.Contains(request.Outcome))
            errors["outcome"] = [$"The outcome is one of {string.Join(", ", CallbackOutcomes.All)}."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var (attempt, outcome) = (request.Attempt!.Value, request.Outcome!);
        var result = await routing.ExecuteAsync((e, now) =>
            e.FindCall(callId) is { } call && user.CanAccessTenant(call.TenantId)
                ? e.RecordCallbackAttempt(callId, attempt, outcome, now)
                : RoutingOutcome.UnknownCall);
        if (result == RoutingOutcome.Ok)
            return TypedResults.Ok(new AttemptResponse(callId, attempt, outcome));
        if (result == RoutingOutcome.InvalidState)
            return TypedResults.Problem(title: "No such dial is under way for this callback.", statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]>
                    { ["attempt"] = [$"Attempt {attempt} was not asked of the PBX."] } });
        // Recorded before (a repeated post, perhaps after the callback ended): the first outcome stands.
        var recorded = await database.RunAsync(async (c, _) => (await c.QueryAsync<(string TenantId, string Outcome)>(
                "SELECT tenant_id AS TenantId, outcome AS Outcome FROM callback_attempt WHERE call_id = @CallId AND attempt = @Attempt",
                new { CallId = callId.ToString(), Attempt = attempt }))
            .Select(r => ((string TenantId, string Outcome)?)r).FirstOrDefault());
        if (recorded is not { } first || !user.CanAccessTenant(first.TenantId))
            return TypedResults.NotFound();
        return first.Outcome == outcome
            ? TypedResults.Ok(new AttemptResponse(callId, attempt, outcome))
            : TypedResults.Problem(title: "This attempt's outcome was already recorded.", statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]>
                    { ["outcome"] = [$"Attempt {attempt} was recorded as {first.Outcome}."] } });
    }
}
