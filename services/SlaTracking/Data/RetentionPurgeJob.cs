using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCentre.SlaTracking.Data;

/// <summary>Deletes call records and agent state changes older than <see cref="SlaOptions.RetentionDays"/>.</summary>
public sealed class RetentionPurgeJob(CallRecordStore calls, AgentStateStore agentStates, TimeProvider time, IOptions<SlaOptions> options, ILogger<RetentionPurgeJob> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PurgeEvery, time);
        try
        {
            do
            {
                try
                {
                    await PurgeOnceAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "The call record purge failed; it runs again in {Every}", options.Value.PurgeEvery);
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task<int> PurgeOnceAsync(CancellationToken ct = default)
    {
        var before = time.GetUtcNow().AddDays(-options.Value.RetentionDays);
        var deleted = await calls.PurgeAsync(before, ct);
        var states = await agentStates.PurgeAsync(before, ct);
        if (deleted + states > 0)
            logger.LogInformation("Purged {Count} call records and {States} agent state changes before {Before:O}", deleted, states, before);
        return deleted;
    }
}
