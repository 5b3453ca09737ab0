using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallCentre.Contracts.Routing;

namespace CallCentre.SlaTracking.Webhooks;

/// <summary>One contact event as a webhook sends it: <see cref="Body"/> is the exact JSON POSTed (and signed).</summary>
public sealed record WebhookEvent(Guid Id, string Type, string TenantId, DateTimeOffset OccurredAt, string Body);

/// <summary>The contact events a webhook can subscribe to, and their JSON: <c>{"id","type","occurredAt","tenantId","data"}</c>, the
/// data being the event's own fields without the caller hash. The id is derived from the event's content, so the same event
/// published or delivered twice has one id.</summary>
public static class WebhookEvents
{
    public const string CallQueued = "call.queued", CallOffered = "call.offered", CallAnswered = "call.answered",
        CallTransferred = "call.transferred", CallOverflowed = "call.overflowed", CallCompleted = "call.completed",
        CallAbandoned = "call.abandoned", CallWrapUpEnded = "call.wrap-up-ended", CallbackRequested = "callback.requested",
        CallbackAttempted = "callback.attempted";

    public static IReadOnlyList<string> All { get; } =
    [
        CallQueued, CallOffered, CallAnswered, CallTransferred, CallOverflowed, CallCompleted, CallAbandoned, CallWrapUpEnded,
        CallbackRequested, CallbackAttempted,
    ];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WebhookEvent Of(CallQueued m) => Build(CallQueued, m.TenantId, m.QueuedAt, m);
    public static WebhookEvent Of(CallOffered m) => Build(CallOffered, m.TenantId, m.OfferedAt, m);
    public static WebhookEvent Of(CallAnswered m) => Build(CallAnswered, m.TenantId, m.AnsweredAt, m);
    public static WebhookEvent Of(CallTransferred m) => Build(CallTransferred, m.TenantId, m.TransferredAt, m);
    public static WebhookEvent Of(CallOverflowed m) => Build(CallOverflowed, m.TenantId, m.OverflowedAt, m);
    public static WebhookEvent Of(CallCompleted m) => Build(CallCompleted, m.TenantId, m.CompletedAt, m);
    public static WebhookEvent Of(CallAbandoned m) => Build(CallAbandoned, m.TenantId, m.AbandonedAt, m);
    public static WebhookEvent Of(CallWrapUpEnded m) => Build(CallWrapUpEnded, m.TenantId, m.EndedAt, m);
    public static WebhookEvent Of(CallbackRequested m) => Build(CallbackRequested, m.TenantId, m.RequestedAt, m);
    public static WebhookEvent Of(CallbackAttempted m) => Build(CallbackAttempted, m.TenantId, m.AttemptedAt, m);

    private static WebhookEvent Build<T>(string type, string tenantId, DateTimeOffset occurredAt, T message)
    {
        var data = JsonSerializer.SerializeToNode(message, Json)!.AsObject();
        data.Remove("callerHash");
        data.Remove("tenantId");
        var id = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(type + "\n" + data.ToJsonString(Json))).AsSpan(0, 16));
        var envelope = new JsonObject
        {
            ["id"] = id, ["type"] = type, ["occurredAt"] = occurredAt, ["tenantId"] = tenantId, ["data"] = data,
        };
        return new WebhookEvent(id, type, tenantId, occurredAt, envelope.ToJsonString(Json));
    }
}
