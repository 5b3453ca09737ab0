using CallCentre.Hosting.Operations;
using CallCentre.SlaTracking.Webhooks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCentre.SlaTracking.Data;

/// <summary>Deletes call records, agent state changes and finished webhook deliveries past their retention.</summary>
public sealed class RetentionPurgeJob(CallRecordStore calls, AgentStateStore agentStates, WebhookStore webhooks, TimeProvider time,
    IOptions<SlaOptions> options, IOptions<WebhookOptions> webhookOptions, ILogger<RetentionPurgeJob> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(options.Value.PurgeEvery, time, PurgeOnceAsync,
            e => logger.LogWarning(e, "The call record purge failed; it runs again in {Every}", options.Value.PurgeEvery), stoppingToken);

    public async Task<int> PurgeOnceAsync(CancellationToken ct = default)
    {
        var before = time.GetUtcNow().AddDays(-options.Value.RetentionDays);
        var deleted = await calls.PurgeAsync(before, ct);
        var states = await agentStates.PurgeAsync(before, ct);
        if (deleted + states > 0)
            logger.LogInformation("Purged {Count} call records and {States} agent state changes before {Before:O}", deleted, states, before);
        var deliveredBefore = time.GetUtcNow().AddDays(-webhookOptions.Value.DeliveryRetentionDays);
        var deliveries = await webhooks.PurgeAsync(deliveredBefore, ct);
        if (deliveries > 0)
            logger.LogInformation("Purged {Count} finished webhook deliveries last attempted before {Before:O}", deliveries, deliveredBefore);
        return deleted;
    }
}
