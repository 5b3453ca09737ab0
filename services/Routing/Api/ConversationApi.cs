using System.Security.Claims;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.Routing.Contacts;
using CallCentre.Routing.Engine;
using CallCentre.Routing.Loop;
using CallCentre.Routing.Telephony;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CallCentre.Routing.Api;

/// <summary>The messages of chats, e-mails and messaging conversations: the customer's come from the channel (its server or a
/// messaging provider's webhook), the agent's from the desk; the channel reads the transcript to hand the replies on.</summary>
public static class ConversationApi
{
    /// <summary><c>MessageId</c>: the channel's id of the message, which makes a repeated post harmless.</summary>
    public sealed record CustomerMessageRequest(string? Text, string? MessageId);

    public sealed record ProviderMessageRequest(string? ConversationId, string? MessageId, string? Text);

    public sealed record ReplyRequest(string? Text);

    /// <summary><c>Author</c>: customer or agent. <c>Seq</c> numbers the conversation's messages from 1.</summary>
    public sealed record MessageResponse(Guid ContactId, int Seq, string Author, string? AgentId, string Text, DateTimeOffset SentAt);

    /// <summary><c>State</c>: the contact's (Waiting, Offered, OnCall) or Ended.</summary>
    public sealed record TranscriptResponse(Guid ContactId, string TenantId, string State, IReadOnlyList<MessageResponse> Messages);

    public sealed record ProviderMessageResponse(ContactApi.ContactResponse Contact, MessageResponse? Message);

    public const int MaxTextLength = 4000;
    private const string Ended = "Ended";

    public static void MapConversationApi(this IEndpointRouteBuilder app)
    {
        var channel = app.MapGroup("/api/contacts").WithTags("Contacts")
            .RequireAuthorization(p => p.RequireRole(Roles.Telephony, Roles.Admin));
        channel.MapPost("/{callId:guid}/messages", PostCustomerMessage).WithSummary("A customer's message in a chat, e-mail or messaging conversation.");
        channel.MapGet("/{callId:guid}/messages", GetTranscript)
            .WithSummary("The conversation's transcript after message 'after' (0: all): the channel polls it for the agent's replies.");
        channel.MapPost("/messaging/{queueId}/messages", PostProviderMessage)
            .WithSummary("A messaging provider's webhook for each customer message: the first of a conversation queues it.");

        var me = app.MapGroup("/api/agents/me").WithTags("Agent desktop").RequireAuthorization(p => p.RequireRole(Roles.Agent));
        me.MapGet("/calls/{callId:guid}/messages", GetAgentTranscript).WithSummary("The transcript of a chat or message offered to or held by the agent.");
        me.MapPost("/calls/{callId:guid}/messages", PostReply).WithSummary("The agent's reply in an accepted chat or message, for the channel to deliver.");
    }

    internal static async Task<Results<Created<MessageResponse>, Ok<MessageResponse>, ValidationProblem, NotFound, ProblemHttpResult>> PostCustomerMessage(
        Guid callId, CustomerMessageRequest? request, ClaimsPrincipal user, RoutingLoop routing, ContactTranscriptStore store)
    {
        var errors = Check(request?.Text, "messageId", request?.MessageId, request is null);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var call = await routing.ExecuteAsync((e, _) => e.FindCall(callId));
        if (call is null || !user.CanAccessTenant(call.TenantId))
            return await store.TenantOfAsync(callId) is { } tenant && user.CanAccessTenant(tenant)
                ? TypedResults.Problem(title: "The conversation has ended.", statusCode: StatusCodes.Status409Conflict)
                : TypedResults.NotFound();
        if (!call.Kind.IsDigital())
            return NoTranscript(call.Kind);
        var (message, created) = await store.AppendAsync(call.TenantId, call.QueueId, callId, ContactTranscriptStore.Customer, null,
            request!.MessageId, request.Text!);
        var response = ToResponse(callId, message);
        return created ? TypedResults.Created($"/api/contacts/{callId}/messages", response) : TypedResults.Ok(response);
    }

    internal static async Task<Results<Ok<TranscriptResponse>, ValidationProblem, NotFound, ProblemHttpResult>> GetTranscript(
        Guid callId, int? after, ClaimsPrincipal user, RoutingLoop routing, ContactTranscriptStore store)
    {
        if (after is < 0)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["after"] = ["'after' is a message number, 0 or more."] });
        var call = await routing.ExecuteAsync((e, _) => e.FindCall(callId));
        if (call is not null && user.CanAccessTenant(call.TenantId))
            return call.Kind.IsDigital()
                ? TypedResults.Ok(await TranscriptAsync(store, call.TenantId, callId, call.State.ToString(), after ?? 0))
                : NoTranscript(call.Kind);
        if (await store.TenantOfAsync(callId) is not { } tenant || !user.CanAccessTenant(tenant))
            return TypedResults.NotFound();
        return TypedResults.Ok(await TranscriptAsync(store, tenant, callId, Ended, after ?? 0));
    }

    internal static async Task<Results<Accepted<ProviderMessageResponse>, ValidationProblem, NotFound, ProblemHttpResult>> PostProviderMessage(
        string queueId, ProviderMessageRequest? request, ClaimsPrincipal user, CentreDefinition centre, RoutingLoop routing, PbxCallIdStore ids,
        ContactTranscriptStore store)
    {
        // Checked before the conversation is queued, so that a bad message leaves nothing behind.
        var errors = Check(request?.Text, "messageId", request?.MessageId, request is null);
        if (request is not null && string.IsNullOrWhiteSpace(request.MessageId))
            errors["messageId"] = ["The provider's id of the message is required (it makes a repeated post harmless)."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var placed = await ContactApi.PostMessaging(queueId, new ContactApi.MessagingWebhookRequest(request!.ConversationId), user, centre, routing, ids);
        switch (placed.Result)
        {
            case Accepted<ContactApi.ContactResponse> { Value: { } contact } when contact.State == "Rejected":
                return TypedResults.Accepted((string?)null, new ProviderMessageResponse(contact, null));
            case Accepted<ContactApi.ContactResponse> { Value: { } contact }:
                var live = await routing.ExecuteAsync((e, _) => e.FindCall(contact.ContactId));
                if (live is null)
                    return TypedResults.Problem(title: "The conversation has ended.", statusCode: StatusCodes.Status409Conflict,
                        extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]>
                            { ["conversationId"] = [$"'{request.ConversationId}' has ended: a new conversation needs a new id."] } });
                var (message, _) = await store.AppendAsync(contact.TenantId, contact.QueueId, contact.ContactId, ContactTranscriptStore.Customer,
                    null, request.MessageId, request.Text!);
                return TypedResults.Accepted($"/api/contacts/{contact.ContactId}/messages",
                    new ProviderMessageResponse(contact with { State = live.State.ToString(), AgentId = live.AgentId }, ToResponse(contact.ContactId, message)));
            case ValidationProblem problem:
                return problem;
            case ProblemHttpResult problem:
                return problem;
            default:
                return TypedResults.NotFound();
        }
    }

    internal static async Task<Results<Ok<TranscriptResponse>, ValidationProblem, NotFound>> GetAgentTranscript(
        Guid callId, int? after, ClaimsPrincipal user, RoutingLoop routing, ContactTranscriptStore store)
    {
        if (after is < 0)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["after"] = ["'after' is a message number, 0 or more."] });
        var held = await HeldAsync(user, routing, callId);
        if (held is null || !held.Kind.IsDigital())
            return TypedResults.NotFound();
        return TypedResults.Ok(await TranscriptAsync(store, held.TenantId, callId, held.State.ToString(), after ?? 0));
    }

    internal static async Task<Results<Created<MessageResponse>, ValidationProblem, NotFound, ProblemHttpResult>> PostReply(
        Guid callId, ReplyRequest? request, ClaimsPrincipal user, RoutingLoop routing, ContactTranscriptStore store)
    {
        var errors = Check(request?.Text, null, null, request is null);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var held = await HeldAsync(user, routing, callId);
        if (held is null || !held.Kind.IsDigital())
            return TypedResults.NotFound();
        if (held.State != CallState.OnCall)
            return TypedResults.Problem(title: "Accept the conversation before replying.", statusCode: StatusCodes.Status409Conflict);
        var (message, _) = await store.AppendAsync(held.TenantId, held.QueueId, callId, ContactTranscriptStore.Agent, user.AgentId(), null,
            request!.Text!);
        return TypedResults.Created($"/api/contacts/{callId}/messages", ToResponse(callId, message));
    }

    private static Task<ContactView?> HeldAsync(ClaimsPrincipal user, RoutingLoop routing, Guid callId)
    {
        var agentId = user.AgentId() ?? "";
        return routing.ExecuteAsync((e, _) => e.FindAgent(agentId)?.Contacts.FirstOrDefault(c => c.ContactId == callId));
    }

    private static Dictionary<string, string[]> Check(string? text, string? idField, string? id, bool noBody)
    {
        var errors = new Dictionary<string, string[]>();
        if (noBody)
            errors["body"] = ["A JSON body is required."];
        else if (string.IsNullOrWhiteSpace(text))
            errors["text"] = ["The message's text is required."];
        else if (text.Length > MaxTextLength || text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            errors["text"] = [$"The text is at most {MaxTextLength} characters, without control characters other than line breaks and tabs."];
        if (idField is not null && id is { } given && (given.Length > 200 || given.Any(char.IsControl) || string.IsNullOrWhiteSpace(given)))
            errors[idField] = ["The channel's id of the message is 1 to 200 characters, without control characters."];
        return errors;
    }

    private static ProblemHttpResult NoTranscript(ContactKind kind) => TypedResults.Problem(
        title: "Only chats, e-mails and messaging conversations have messages.", detail: $"This contact is a {kind.Name()}.",
        statusCode: StatusCodes.Status409Conflict);

    private static async Task<TranscriptResponse> TranscriptAsync(ContactTranscriptStore store, string tenantId, Guid callId, string state, int after) =>
        new(callId, tenantId, state, (await store.ReadAsync(tenantId, callId, after)).Select(m => ToResponse(callId, m)).ToList());

    private static MessageResponse ToResponse(Guid callId, TranscriptMessage m) => new(callId, m.Seq, m.Author, m.AgentId, m.Text, m.SentAt);
}
