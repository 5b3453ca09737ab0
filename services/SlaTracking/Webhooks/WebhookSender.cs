using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using CallCentre.Hosting.Operations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCentre.SlaTracking.Webhooks;

/// <summary>Claims due deliveries and POSTs them, several at once, each within <see cref="WebhookOptions.Timeout"/>. 2xx is delivered;
/// anything else (another status, a redirect, no answer) is retried with a doubling delay, and dead after
/// <see cref="WebhookOptions.MaxAttempts"/>. A replica that dies after the client answered and before recording it leaves the claim
/// to expire, and the delivery is sent once more (the receiver dedupes by event id).</summary>
public sealed class WebhookSender(WebhookStore store, WebhookSecretSeal seal, IHttpClientFactory httpFactory, IOptions<WebhookOptions> options,
    TimeProvider time, ILogger<WebhookSender> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";
    private const int MaxErrorLength = 300;

    protected override Task ExecuteAsync(CancellationToken ct) =>
        PeriodicWork.RunAsync(options.Value.PollInterval, time, async token => { while (await RunDueAsync(token) > 0) { } },
            e => logger.LogWarning(e, "Webhook deliveries: this round failed; the next one tries again"), ct);

    public async Task<int> RunDueAsync(CancellationToken ct)
    {
        var o = options.Value;
        var claims = await store.ClaimAsync(time.GetUtcNow(), o.ClaimLease, o.BatchSize, ct);
        await Parallel.ForEachAsync(claims, new ParallelOptions { MaxDegreeOfParallelism = o.Parallelism, CancellationToken = ct },
            async (claim, token) => await SendAsync(claim, token));
        return claims.Count;
    }

    private async Task SendAsync(WebhookClaim claim, CancellationToken ct)
    {
        var webhook = await store.FindAsync(claim.TenantId, claim.WebhookId, ct);
        if (webhook is not { Enabled: true })
        {
            await store.RecordAsync(claim, time.GetUtcNow(), WebhookStatus.Cancelled, null, "The webhook is disabled or gone.", TimeSpan.Zero, null, ct);
            return;
        }
        var started = time.GetTimestamp();
        int? statusCode = null;
        string? error;
        try
        {
            var secret = seal.Open(webhook.TenantId, webhook.Id, webhook.SecretSealed)
                         ?? throw new InvalidOperationException("The signing secret does not open: Webhooks:SealingKey changed; rotate the secret.");
            using var response = await PostAsync(webhook.Url, claim, secret, ct);
            statusCode = (int)response.StatusCode;
            error = response.IsSuccessStatusCode ? null : $"HTTP {statusCode} {response.ReasonPhrase}";
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            error = e is TaskCanceledException ? $"No answer within {options.Value.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s." : e.Message;
        }
        var elapsed = time.GetElapsedTime(started);
        var now = time.GetUtcNow();
        if (error is null)
        {
            await store.RecordAsync(claim, now, WebhookStatus.Delivered, statusCode, null, elapsed, null, ct);
            return;
        }
        var dead = claim.Attempt >= options.Value.MaxAttempts;
        DateTimeOffset? retryAt = dead ? null : now + RetryDelay(claim.Attempt);
        logger.LogWarning("Webhook {Webhook} ({Tenant}): {Type} {Event} attempt {Attempt} failed: {Error}; {Next}", claim.WebhookId, claim.TenantId,
            claim.EventType, claim.EventId, claim.Attempt, error, dead ? "dead-lettered" : $"retrying at {retryAt:O}");
        await store.RecordAsync(claim, now, dead ? WebhookStatus.Dead : WebhookStatus.Retrying, statusCode,
            error.Length > MaxErrorLength ? error[..MaxErrorLength] : error, elapsed, retryAt, ct);
    }

    private async Task<HttpResponseMessage> PostAsync(string url, WebhookClaim claim, string secret, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetBytes(claim.Payload);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("X-CallCentre-Event-Id", claim.EventId.ToString());
        request.Headers.Add("X-CallCentre-Event-Type", claim.EventType);
        request.Headers.Add("X-CallCentre-Delivery-Id", claim.DeliveryId.ToString());
        request.Headers.Add("X-CallCentre-Attempt", claim.Attempt.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-CallCentre-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-CallCentre-Signature", WebhookSignature.Sign(secret, timestamp, body));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.Timeout);
        return await httpFactory.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
    }

    internal TimeSpan RetryDelay(int attempt) => Backoff.Exponential(options.Value.RetryDelay, options.Value.MaxRetryDelay, attempt);
}
