using System.Security.Claims;
using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.Routing.Engine;
using CallCentre.Routing.Loop;
using CallCentre.Routing.Telephony;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CallCentre.Routing.Api;

/// <summary>Chats, e-mails and messages from the tenant's channels (a chat widget's server, a mailbox poller, a messaging
/// provider), routed by the same engine as calls. The channel's own id makes a post idempotent.</summary>
public static class ContactApi
{
    /// <summary><c>Kind</c>: chat, email or messaging. <c>ExternalId</c>: the channel's id of the conversation or message.</summary>
    public sealed record PostContactRequest(string? Kind, string? QueueId, string? ExternalId, int? Priority);

    /// <summary>What a messaging provider's webhook posts for a new conversation.</summary>
    public sealed record MessagingWebhookRequest(string? ConversationId);

    public sealed record ContactResponse(Guid ContactId, string Kind, string TenantId, string QueueId, string State, string? AgentId,
        DateTimeOffset QueuedAt, int? Position, string? Reason = null, string? ExternalId = null);

    private static readonly string[] InboundKinds = [ContactKinds.Chat, ContactKinds.Email, ContactKinds.Messaging];
    private const string WebhookField = "conversationId";
    private static readonly JsonSerializerOptions AnswerJson = new(JsonSerializerDefaults.Web);

    public static void MapContactApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/contacts").WithTags("Contacts")
            .RequireAuthorization(p => p.RequireRole(Roles.Telephony, Roles.Admin));
        group.MapPost("/", PostContact).WithSummary("A chat, e-mail or message arrives for a queue: it is queued and routed.");
        group.MapPost("/messaging/{queueId}", PostMessaging)
            .WithSummary("A messaging provider's webhook: a new conversation for the queue, routed as a messaging contact.");
    }

    internal static Task<Results<Accepted<ContactResponse>, ValidationProblem, NotFound, ProblemHttpResult>> PostContact(
        PostContactRequest? request, ClaimsPrincipal user, CentreDefinition centre, RoutingLoop routing, PbxCallIdStore ids)
    {
        if (request is null)
            return Task.FromResult<Results<Accepted<ContactResponse>, ValidationProblem, NotFound, ProblemHttpResult>>(
                TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["A JSON body is required."] }));
        var errors = new Dictionary<string, string[]>();
        if (request.Kind is null || !InboundKinds.Contains(request.Kind))
            errors["kind"] = [$"The kind must be one of {string.Join(", ", InboundKinds)} (calls and callbacks come through /api/telephony)."];
        return PlaceAsync(request.Kind, request.QueueId, request.ExternalId, request.Priority, "externalId", errors, user, centre, routing, ids);
    }

    internal static Task<Results<Accepted<ContactResponse>, ValidationProblem, NotFound, ProblemHttpResult>> PostMessaging(
        string queueId, MessagingWebhookRequest? request, ClaimsPrincipal user, CentreDefinition centre, RoutingLoop routing, PbxCallIdStore ids) =>
        PlaceAsync(ContactKinds.Messaging, queueId, request?.ConversationId, null, WebhookField, [], user, centre, routing, ids);

    private static async Task<Results<Accepted<ContactResponse>, ValidationProblem, NotFound, ProblemHttpResult>> PlaceAsync(
        string? kindName, string? queueId, string? externalId, int? priority, string externalField, Dictionary<string, string[]> errors,
        ClaimsPrincipal user, CentreDefinition centre, RoutingLoop routing, PbxCallIdStore ids)
    {
        if (string.IsNullOrWhiteSpace(queueId))
            errors["queueId"] = ["The queue is required."];
        if (string.IsNullOrWhiteSpace(externalId))
            errors[externalField] = ["The channel's id of the conversation is required (it makes a repeated post harmless)."];
        else if (externalId.Length > 200 || externalId.Any(char.IsControl))
            errors[externalField] = ["The channel's id is at most 200 characters, without control characters."];
        if (priority is < 1 or > 10)
            errors["priority"] = ["The priority must be between 1 and 10."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var queue = centre.FindQueue(queueId!);
        // In the webhook's route, another tenant's queue is answered as an unknown route; in a body, as a bad field.
        if ((queue is null || !user.CanAccessTenant(queue.TenantId)) && externalField == WebhookField)
            return TypedResults.NotFound();
        if (queue is null || !user.CanAccessTenant(queue.TenantId))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["queueId"] = [$"There is no queue '{queueId}'."] });
        ContactKindNames.TryParse(kindName, out var kind);

        // Kept beside the PBX's call ids (a day), under a key of their own: the same channel id posted again answers the same contact.
        var key = $"contact/{kindName}/{externalId}";
        if (await ids.FindAsync(queue.TenantId, key) is { } known)
            return known.QueueId == queue.Id ? Placed(Stored(known)) : Taken(externalField, externalId!, known.QueueId);

        var incoming = new IncomingCall(PbxCallIdStore.CallIdFor(queue.TenantId, key), queue.Id, "", priority) { Kind = kind };
        var response = await routing.ExecuteAsync((e, now) => e.Enqueue(incoming, now) switch
        {
            RoutingOutcome.Ok => ToResponse(e.FindCall(incoming.CallId)!),
            RoutingOutcome.Rejected => new ContactResponse(incoming.CallId, kindName!, queue.TenantId, queue.Id, "Rejected", null, now, null,
                e.LastRejectionReason),
            RoutingOutcome.Duplicate when e.FindCall(incoming.CallId) is { } placed => ToResponse(placed),
            _ => null,
        });
        if (response is null)
            return TypedResults.NotFound();
        if (response.QueueId != queue.Id)
            return Taken(externalField, externalId!, response.QueueId);
        var kept = await ids.KeepAsync(queue.TenantId, key, queue.Id, response.ContactId,
            JsonSerializer.Serialize(response with { ExternalId = externalId }, AnswerJson));
        return kept.QueueId == queue.Id ? Placed(Stored(kept)) : Taken(externalField, externalId!, kept.QueueId);
    }

    private static ContactResponse Stored(PbxCallIdStore.KnownCall known) => JsonSerializer.Deserialize<ContactResponse>(known.Answer, AnswerJson)!;

    private static Accepted<ContactResponse> Placed(ContactResponse response) =>
        TypedResults.Accepted($"/api/telephony/calls/{response.ContactId}", response);

    private static ProblemHttpResult Taken(string field, string externalId, string queueId) => TypedResults.Problem(
        title: "The channel's id names another contact.", statusCode: StatusCodes.Status409Conflict,
        extensions: new Dictionary<string, object?>
        {
            ["errors"] = new Dictionary<string, string[]> { [field] = [$"'{externalId}' was posted to queue '{queueId}'."] },
        });

    private static ContactResponse ToResponse(CallView v) =>
        new(v.CallId, v.Kind.Name(), v.TenantId, v.QueueId, v.State.ToString(), v.AgentId, v.QueuedAt, v.Position);
}
