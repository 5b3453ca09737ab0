using System.Net;
using System.Security.Claims;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.SlaTracking.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace CallCentre.SlaTracking.Api;

/// <summary>A tenant's webhooks to its own systems, their delivery log and dead letters: the tenant's staff (docs/webhooks.md).</summary>
internal static class WebhookApi
{
    public const int MaxUrlLength = 2000, MaxDescriptionLength = 200, MaxLimit = 1000;

    public sealed record WebhookRequest(string? Url, string[]? Events, bool? Enabled, string? Description);

    public sealed record WebhookResponse(Guid Id, string TenantId, string Url, IReadOnlyList<string> Events, bool Enabled, string? Description,
        string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset ChangedAt);

    /// <summary>The only answers that carry the signing secret: store it now, it is not shown again.</summary>
    public sealed record WebhookSecretResponse(WebhookResponse Webhook, string Secret);

    public sealed record DeliveryDetail(WebhookDelivery Delivery, string Payload, IReadOnlyList<WebhookAttempt> Attempts);

    public static void MapWebhookApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sla/tenants/{tenantId}").WithTags("Webhooks")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor));
        group.MapGet("/webhooks", List).WithSummary("The tenant's webhooks (without their secrets).");
        group.MapPost("/webhooks", Create).WithSummary("Adds a webhook; the answer carries its signing secret, shown this once.")
            .WithDescription("url: https (http to a loopback address only when Webhooks:AllowLoopbackHttp is on), no user or password in it, " +
                             "reaching a public address (Webhooks:AllowPrivateTargets opens the others); " +
                             "events: one or more of " + string.Join(", ", WebhookEvents.All) + "; enabled (default true); description.");
        group.MapPut("/webhooks/{webhookId:guid}", Replace).WithSummary("Changes a webhook's url, events, enabled flag or description; " +
            "disabling it cancels its deliveries not yet sent.");
        group.MapDelete("/webhooks/{webhookId:guid}", Delete).WithSummary("Removes a webhook with its deliveries; removing one that is not there also answers 204.");
        group.MapPost("/webhooks/{webhookId:guid}/rotate-secret", Rotate)
            .WithSummary("Replaces the signing secret; the answer carries the new one, shown this once. Attempts from now on are signed with it.");
        group.MapGet("/webhook-deliveries", Deliveries)
            .WithSummary("The tenant's deliveries, newest first: status (pending, sending, retrying, delivered, dead, cancelled), attempts, " +
                         "the last answer or error. Filters: status, webhookId; limit 1-" + MaxLimit + " (default 100).");
        group.MapGet("/webhook-deliveries/{deliveryId:guid}", Delivery).WithSummary("One delivery with its body and every attempt.");
        group.MapPost("/webhook-deliveries/{deliveryId:guid}/redeliver", Redeliver)
            .WithSummary("Sends a dead (or cancelled) delivery again, from a first attempt; 409 in any other state.");
    }

    internal static async Task<Results<Ok<List<WebhookResponse>>, NotFound>> List(string tenantId, ClaimsPrincipal user, CentreDefinition centre,
        WebhookStore store, CancellationToken ct)
    {
        if (Granted(tenantId, user, centre) is not { } tenant)
            return TypedResults.NotFound();
        return TypedResults.Ok((await store.ListAsync(tenant.Id, ct)).Select(Response).ToList());
    }

    internal static async Task<Results<Created<WebhookSecretResponse>, NotFound, ValidationProblem, ProblemHttpResult>> Create(string tenantId,
        WebhookRequest? request, ClaimsPrincipal user, CentreDefinition centre, WebhookStore store, WebhookSecretSeal seal,
        IOptions<WebhookOptions> options, TimeProvider time, CancellationToken ct)
    {
        if (Granted(tenantId, user, centre) is not { } tenant)
            return TypedResults.NotFound();
        var errors = Validate(request, options.Value);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var id = Guid.NewGuid();
        var secret = WebhookSignature.NewSecret();
        if (Sealed(seal, tenant.Id, id, secret) is not { } sealedSecret)
            return NoSealingKey();
        var now = time.GetUtcNow();
        var webhook = new Webhook(id, tenant.Id, request!.Url!.Trim(), request.Events!.Distinct().ToList(), request.Enabled ?? true,
            request.Description?.Trim(), sealedSecret, user.Subject(), now, now);
        await store.SaveAsync(webhook, ct);
        return TypedResults.Created($"/api/sla/tenants/{tenant.Id}/webhooks/{id}", new WebhookSecretResponse(Response(webhook), secret));
    }

    internal static async Task<Results<Ok<WebhookResponse>, NotFound, ValidationProblem>> Replace(string tenantId, Guid webhookId,
        WebhookRequest? request, ClaimsPrincipal user, CentreDefinition centre, WebhookStore store, IOptions<WebhookOptions> options,
        TimeProvider time, CancellationToken ct)
    {
        if (Granted(tenantId, user, centre) is not { } tenant)
            return TypedResults.NotFound();
        var errors = Validate(request, options.Value);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        if (await store.FindAsync(tenant.Id, webhookId, ct) is not { } existing)
            return TypedResults.NotFound();
        var webhook = existing with
        {
            Url = request!.Url!.Trim(), Events = request.Events!.Distinct().ToList(), Enabled = request.Enabled ?? existing.Enabled,
            Description = request.Description?.Trim(), ChangedAt = time.GetUtcNow(),
        };
        await store.SaveAsync(webhook, ct);
        return TypedResults.Ok(Response(webhook));
    }

    internal static async Task<Results<NoContent, NotFound>> Delete(string tenantId, Guid webhookId, ClaimsPrincipal user, CentreDefinition centre,
        WebhookStore store, CancellationToken ct)
    {
        if (Granted(tenantId, user, centre) is not { } tenant)
            return TypedResults.NotFound();
        await store.DeleteAsync(tenant.Id, webhookId, ct);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<WebhookSecretResponse>, NotFound, ProblemHttpResult>> Rotate(string tenantId, Guid webhookId,
        ClaimsPrincipal user, CentreDefinition centre, WebhookStore store, WebhookSecretSeal seal, TimeProvider time, CancellationToken ct)
    {
        if (Granted(tenantId, user, centre) is not { } tenant || await store.FindAsync(tenant.Id, webhookId, ct) is not { } existing)
            return TypedResults.NotFound();
        var secret = WebhookSignature.NewSecret();
        if (Sealed(seal, tenant.Id, webhookId, secret) is not { } sealedSecret)
            return NoSealingKey();
        var webhook = existing with { SecretSealed = sealedSecret, ChangedAt = time.GetUtcNow() };
        await store.SaveAsync(webhook, ct);
        return TypedResults.Ok(new WebhookSecretResponse(Response(webhook), secret));
    }

    internal static async Task<Results<Ok<IReadOnlyList<WebhookDelivery>>, NotFound, ValidationProblem>> Deliveries(string tenantId,
        string? status, Guid? webhookId, int? limit, ClaimsPrincipal user, CentreDefinition centre, WebhookStore store, CancellationToken ct)
    {
        if (Granted(tenantId, user, centre) is not { } tenant)
            return TypedResults.NotFound();
        var errors = new Dictionary<string, string[]>();
        if (status is not null && !WebhookStatus.All.Contains(status))
            errors["status"] = [$"The status is one of {string.Join(", ", WebhookStatus.All)}."];
        if (limit is not null and not (>= 1 and <= MaxLimit))
            errors["limit"] = [$"The limit is 1 to {MaxLimit}."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await store.ListDeliveriesAsync(tenant.Id, status, webhookId, limit ?? 100, ct));
    }

    internal static async Task<Results<Ok<DeliveryDetail>, NotFound>> Delivery(string tenantId, Guid deliveryId, ClaimsPrincipal user,
        CentreDefinition centre, WebhookStore store, CancellationToken ct)
    {
        if (Granted(tenantId, user, centre) is not { } tenant || await store.FindDeliveryAsync(tenant.Id, deliveryId, ct) is not { } found)
            return TypedResults.NotFound();
        return TypedResults.Ok(new DeliveryDetail(found.Delivery, found.Payload, found.Attempts));
    }

    internal static async Task<Results<Accepted, NotFound, ProblemHttpResult>> Redeliver(string tenantId, Guid deliveryId, ClaimsPrincipal user,
        CentreDefinition centre, WebhookStore store, TimeProvider time, CancellationToken ct)
    {
        if (Granted(tenantId, user, centre) is not { } tenant || await store.FindDeliveryAsync(tenant.Id, deliveryId, ct) is not { } found)
            return TypedResults.NotFound();
        if (!await store.RedeliverAsync(tenant.Id, deliveryId, time.GetUtcNow(), ct))
            return TypedResults.Problem(title: "Only a dead or cancelled delivery is sent again.",
                detail: $"This delivery is {found.Delivery.Status}.", statusCode: StatusCodes.Status409Conflict);
        return TypedResults.Accepted($"/api/sla/tenants/{tenant.Id}/webhook-deliveries/{deliveryId}");
    }

    private static TenantDefinition? Granted(string tenantId, ClaimsPrincipal user, CentreDefinition centre) =>
        centre.FindTenant(tenantId) is { } tenant && user.CanAccessTenant(tenant.Id) ? tenant : null;

    private static WebhookResponse Response(Webhook w) =>
        new(w.Id, w.TenantId, w.Url, w.Events, w.Enabled, w.Description, w.CreatedBy, w.CreatedAt, w.ChangedAt);

    private static string? Sealed(WebhookSecretSeal seal, string tenantId, Guid id, string secret)
    {
        try
        {
            return seal.Seal(tenantId, id, secret);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static ProblemHttpResult NoSealingKey() => TypedResults.Problem(title: "Webhooks:SealingKey is not set.",
        detail: "The signing secrets are sealed at rest under Webhooks:SealingKey, required in a distributed deployment.",
        statusCode: StatusCodes.Status503ServiceUnavailable);

    internal static Dictionary<string, string[]> Validate(WebhookRequest? request, WebhookOptions options)
    {
        var errors = new Dictionary<string, string[]>();
        var url = request?.Url?.Trim();
        if (string.IsNullOrEmpty(url) || url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
            errors["url"] = [$"The url is required: an absolute https address of at most {MaxUrlLength} characters."];
        else if (!string.IsNullOrEmpty(uri.UserInfo))
            errors["url"] = ["The url must not carry a user name or password: they would be stored and shown in clear."];
        else if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && options.AllowLoopbackHttp && IsLoopback(uri)))
            errors["url"] = [options.AllowLoopbackHttp
                ? "The url must be https (http is allowed to a loopback address only)."
                : "The url must be https."];
        else if (IPAddress.TryParse(uri.DnsSafeHost, out var address) && !WebhookTargets.Allowed(address, options))
            errors["url"] = [$"{address} is not a public address; webhooks reach public addresses only."];

        var events = request?.Events ?? [];
        if (events.Length == 0)
            errors["events"] = [$"At least one event is required: {string.Join(", ", WebhookEvents.All)}."];
        else if (events.FirstOrDefault(e => !WebhookEvents.All.Contains(e)) is { } unknown)
            errors["events"] = [$"'{Truncate(unknown)}' is not an event type: {string.Join(", ", WebhookEvents.All)}."];

        if (request?.Description is { Length: > MaxDescriptionLength })
            errors["description"] = [$"The description is at most {MaxDescriptionLength} characters."];
        return errors;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));

    private static string Truncate(string? value) => value is null ? "null" : value.Length > 40 ? value[..40] + "…" : value;
}
