using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Centre;
using CallCentre.Routing.Data;
using CallCentre.Routing.Engine;
using CallCentre.Routing.Loop;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace CallCentre.Routing.Admin;

internal sealed class CentreReplay(CentreChangeStore store, CentreCatalog catalog, IBus bus, ILogger<CentreReplay> logger) : IEngineRecoveryStep
{
    /// <summary>Runs before the loop serves: nobody else touches <paramref name="engine"/> yet.</summary>
    public async Task RestoreAsync(RoutingEngine engine, DateTimeOffset now, CancellationToken ct)
    {
        var items = await store.ListAsync(ct);
        foreach (var item in items)
        {
            var errors = item.Queue is { } queue ? catalog.ApplyQueue(queue, item.Version) : catalog.ApplyAgent(item.Agent!, item.Version, item.PasswordHash);
            if (errors.Count > 0)
            {
                // The centre file changed under a stored change (a tenant or queue it names is gone): the file wins.
                logger.LogWarning("Stored change {Version} of {Item} no longer fits the centre file and is not applied: {Errors}",
                    item.Version, item.Queue?.Id ?? item.Agent!.Id, string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}")));
                continue;
            }
            if (item.Queue is not null)
                engine.AddOrUpdateQueue(item.Queue, now);
            else
                engine.AddOrUpdateAgent(item.Agent!.ToRoutingAgent(), now);
        }
        if (items.Count > 0)
            logger.LogInformation("Applied {Count} stored queue and agent changes over the centre file", items.Count);
        await PublishAsync(items, ct);
    }

    /// <summary>Consumers keep the highest version, so repeats are harmless.</summary>
    public async Task RepublishAsync(CancellationToken ct) => await PublishAsync(await store.ListAsync(ct), ct);

    private async Task PublishAsync(IReadOnlyList<StoredCentreItem> items, CancellationToken ct)
    {
        foreach (var item in items)
            await bus.Publish(ToMessage(item), ct);
    }

    public static object ToMessage(StoredCentreItem item) => item.Queue is { } queue
        ? new QueueConfigured(item.Version, queue, item.ChangedBy, item.ChangedAt)
        : new AgentConfigured(item.Version, item.Agent!.Id, item.Agent.Name, item.Agent.Skills, item.PasswordHash, item.ChangedBy, item.ChangedAt);
}

internal sealed class CentreConfigurationRequestedConsumer(CentreReplay replay) : IConsumer<CentreConfigurationRequested>
{
    public Task Consume(ConsumeContext<CentreConfigurationRequested> context) => replay.RepublishAsync(context.CancellationToken);
}
