using CallCentre.Contracts.Routing;
using CallCentre.Contracts.Sla;
using CallCentre.Hosting.Centre;
using CallCentre.SlaTracking.Counting;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallCentre.SlaTracking.Data;

/// <summary>Announces every stored contract version at start (docs/sla.md, Contracts): consumers key them by version, so repeats are harmless.</summary>
public sealed class ContractAnnouncer(ContractStore contracts, CentreDefinition centre, IBus bus, TimeProvider time, ILogger<ContractAnnouncer> logger)
    : BackgroundService
{
    public static SlaContractConfigured Message(SlaContract c, DateTimeOffset at) => new(c.TenantId, c.QueueId, c.Version, c.EffectiveFrom,
        c.ServiceLevelTarget, c.ThresholdSeconds, c.Period.ToString().ToLowerInvariant(), c.IntervalMinutes, c.PenaltyPerMissedPeriod, c.Currency, at);

    /// <summary>Scheduling's checks simulate calls: the other kinds' versions are not its business (and are numbered apart).</summary>
    public static bool IsAnnounced(SlaContract c) => c.Kind == ContactKinds.Voice;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                foreach (var tenant in centre.Tenants)
                    foreach (var contract in (await contracts.ListAsync(tenant.Id, stoppingToken)).Where(IsAnnounced))
                        await bus.Publish(Message(contract, time.GetUtcNow()), stoppingToken);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException && attempt < 10)
            {
                logger.LogWarning(e, "Announcing the SLA contracts failed (attempt {Attempt}); trying again", attempt);
                await Task.Delay(TimeSpan.FromSeconds(5 * attempt), time, stoppingToken);
            }
        }
    }
}
