using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Calendars;
using CallCentre.Hosting.Centre;
using CallCentre.Routing.Data;
using CallCentre.Routing.Engine;
using CallCentre.Routing.Leadership;
using CallCentre.Routing.Loop;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace CallCentre.Routing.Admin;

internal sealed class CentreReplay(CentreChangeStore store, CentreCatalog catalog, IBus bus, ILogger<CentreReplay> logger,
    RoutingPartitions? partitions = null) : IEngineRecoveryStep
{
    /// <summary>Runs before the loop serves: nobody else touches <paramref name="engine"/> yet.</summary>
    public async Task RestoreAsync(RoutingEngine engine, DateTimeOffset now, CancellationToken ct)
    {
        var items = await store.ListAsync(ct);
        foreach (var item in items)
        {
            var errors = ApplyToCatalog(catalog, item);
            if (errors.Count > 0)
            {
                // The centre file changed under a stored change (a tenant or queue it names is gone): the file wins.
                logger.LogWarning("Stored change {Version} of {Item} no longer fits the centre file and is not applied: {Errors}",
                    item.Version, item.Queue?.Id ?? item.Agent?.Id ?? item.CalendarTenantId, string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}")));
                continue;
            }
            if (partitions is null || IsLocal(partitions, catalog.Current, item))
                ApplyToEngine(engine, catalog.Current, item, now);
        }
        if (items.Count > 0)
            logger.LogInformation("Applied {Count} stored queue, agent and calendar changes over the centre file", items.Count);
        await PublishAsync(items, ct);
    }

    /// <summary>Consumers keep the highest version, so repeats are harmless.</summary>
    public async Task RepublishAsync(CancellationToken ct) => await PublishAsync(await store.ListAsync(ct), ct);

    private async Task PublishAsync(IReadOnlyList<StoredCentreItem> items, CancellationToken ct)
    {
        foreach (var item in items)
            await bus.Publish(ToMessage(item), ct);
    }

    public static object ToMessage(StoredCentreItem item) => item switch
    {
        { Calendar: { } calendar } => new TenantCalendarConfigured(item.Version, item.CalendarTenantId!, calendar, item.ChangedBy, item.ChangedAt),
        { Queue: { } queue } => new QueueConfigured(item.Version, queue, item.ChangedBy, item.ChangedAt),
        _ => new AgentConfigured(item.Version, item.Agent!.Id, item.Agent.Name, item.Agent.Skills, item.PasswordHash, item.ChangedBy, item.ChangedAt)
            { Capacity = item.Agent.Capacity, MixVoiceAndDigital = item.Agent.MixVoiceAndDigital, Team = item.Agent.Team },
    };

    public static Dictionary<string, string[]> ApplyToCatalog(CentreCatalog catalog, StoredCentreItem item) => item switch
    {
        { Calendar: { } calendar } => catalog.ApplyCalendar(item.CalendarTenantId!, calendar, item.Version),
        { Queue: { } queue } => catalog.ApplyQueue(queue, item.Version),
        _ => catalog.ApplyAgent(item.Agent!, item.Version, item.PasswordHash),
    };

    /// <summary>Whether a change is to this process's partition; every change still reaches its catalog.</summary>
    public static bool IsLocal(RoutingPartitions partitions, CentreDefinition centre, StoredCentreItem item) => item switch
    {
        { Calendar: not null } => partitions.IsLocal(partitions.OfTenant(item.CalendarTenantId!)),
        { Queue: { } queue } => partitions.IsLocal(partitions.OfTenant(queue.TenantId)),
        _ => partitions.IsLocal(partitions.OfAgent(centre, item.Agent!)),
    };

    public static void ApplyToEngine(RoutingEngine engine, CentreDefinition centre, StoredCentreItem item, DateTimeOffset now)
    {
        if (item.Calendar is not null)
        {
            if (centre.FindTenant(item.CalendarTenantId!) is { } tenant)
                engine.SetTenantCalendar(tenant.Id, TenantCalendar.Of(tenant));
        }
        else if (item.Queue is not null)
            engine.AddOrUpdateQueue(item.Queue, now);
        else
            engine.AddOrUpdateAgent(item.Agent!.ToRoutingAgent(), now);
    }
}

internal sealed class CentreConfigurationRequestedConsumer(CentreReplay replay) : IConsumer<CentreConfigurationRequested>
{
    public Task Consume(ConsumeContext<CentreConfigurationRequested> context) => replay.RepublishAsync(context.CancellationToken);
}
