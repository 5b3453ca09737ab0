using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.Routing.Data;
using CallCentre.Routing.Engine;
using CallCentre.Routing.Leadership;
using CallCentre.Routing.Loop;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace CallCentre.Routing.Admin;

/// <summary>One change at a time: validated, stored, applied through the routing loop, then published.</summary>
internal sealed class CentreAdministration(CentreChangeStore store, CentreCatalog catalog, RoutingLoop routing, IBus bus, TimeProvider time,
    ILogger<CentreAdministration> logger, RoutingPartitions partitions)
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    public async Task<(Dictionary<string, string[]> Errors, StoredCentreItem? Item)> PutQueueAsync(QueueConfiguration queue, string by, CancellationToken ct)
    {
        await _writer.WaitAsync(ct);
        try
        {
            var errors = CentreValidation.ValidateQueue(catalog.Current, queue);
            if (errors.Count == 0 && partitions.Partitioned)
            {
                var centre = catalog.Current;
                var after = centre with { Queues = centre.Queues.Where(q => q.Id != queue.Id).Append(queue).ToList() };
                errors = partitions.IsLocal(partitions.OfTenant(queue.TenantId))
                    ? partitions.CheckAgents(after, after.Agents)
                    : new() { ["tenantId"] = [$"Tenant '{queue.TenantId}' is routing partition '{partitions.OfTenant(queue.TenantId)}''s, not this process's '{partitions.Local}'."] };
            }
            if (errors.Count > 0)
                return (errors, null);
            var now = time.GetUtcNow();
            var version = await store.SaveQueueAsync(queue, by, now, ct, routing.WriteFence());
            var item = new StoredCentreItem(version, queue, null, null, by, now);
            await ApplyAsync(item, ct);
            return ([], item);
        }
        finally
        {
            _writer.Release();
        }
    }

    public async Task<(Dictionary<string, string[]> Errors, StoredCentreItem? Item)> PutAgentAsync(AgentDefinition agent, string? password, string by,
        CancellationToken ct)
    {
        await _writer.WaitAsync(ct);
        try
        {
            var errors = CentreValidation.ValidateAgent(agent);
            if (errors.Count == 0 && partitions.Partitioned)
                errors = PartitionErrors(agent);
            if (errors.Count > 0)
                return (errors, null);
            var hash = password is null ? null : DemoUserStore.HashPassword(password);
            var now = time.GetUtcNow();
            var version = await store.SaveAgentAsync(agent, hash, by, now, ct, routing.WriteFence());
            var item = new StoredCentreItem(version, null, agent, hash, by, now);
            await ApplyAsync(item, ct);
            return ([], item);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Under the writer lock, so that two supervisors changing it at once both keep theirs; null from <paramref name="change"/>: nothing to do.</summary>
    public async Task<(Dictionary<string, string[]> Errors, StoredCentreItem? Item)> ChangeCalendarAsync(string tenantId,
        Func<TenantCalendarConfiguration, TenantCalendarConfiguration?> change, string by, CancellationToken ct)
    {
        await _writer.WaitAsync(ct);
        try
        {
            var tenant = catalog.Current.FindTenant(tenantId) ?? throw new InvalidOperationException($"No tenant '{tenantId}'.");
            if (change(tenant.Calendar ?? TenantCalendarConfiguration.None) is not { } calendar)
                return ([], null);
            var errors = CentreValidation.ValidateCalendar(calendar);
            if (errors.Count > 0)
                return (errors, null);
            var now = time.GetUtcNow();
            var version = await store.SaveCalendarAsync(tenantId, calendar, by, now, ct, routing.WriteFence());
            var item = new StoredCentreItem(version, null, null, null, by, now) { CalendarTenantId = tenantId, Calendar = calendar };
            await ApplyAsync(item, ct);
            return ([], item);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>An agent stays in the partition whose engine holds its state: skills may not take it to another one.</summary>
    private Dictionary<string, string[]> PartitionErrors(AgentDefinition agent)
    {
        var centre = catalog.Current;
        var spanned = partitions.Spanned(centre, agent);
        if (spanned.Count > 1)
            return new() { ["skills"] = [partitions.SpanMessage(centre, agent, spanned)] };
        var to = partitions.OfChangedAgent(centre, agent);
        var existing = centre.Agents.FirstOrDefault(a => a.Id == agent.Id);
        if (existing is not null && partitions.Spanned(centre, existing) is { Count: 1 } from && !from.Contains(to))
            return new() { ["skills"] = [$"Agent '{agent.Id}' belongs to routing partition '{from.First()}'; these skills would move it to " +
                $"partition '{to}'. Create a new agent there, or put the tenants in one partition (Routing:Partitions)."] };
        if (!partitions.IsLocal(to))
            return new() { ["skills"] = [$"Agent '{agent.Id}' belongs to routing partition '{to}', not to this process's '{partitions.Local}'."] };
        return [];
    }

    private async Task ApplyAsync(StoredCentreItem item, CancellationToken ct)
    {
        var errors = CentreReplay.ApplyToCatalog(catalog, item);
        if (errors.Count > 0) // validated under the same lock a moment ago: cannot happen unless a consumer raced a stale change in
            throw new InvalidOperationException($"Change {item.Version} no longer fits the centre: {string.Join(", ", errors.Keys)}");
        var centre = catalog.Current;
        await routing.ExecuteAsync((engine, now) =>
        {
            CentreReplay.ApplyToEngine(engine, centre, item, now);
            return true;
        });
        try
        {
            await bus.Publish(CentreReplay.ToMessage(item), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Stored and applied here; the other processes get it when they or Routing next start and ask or republish.
            logger.LogError(e, "Could not publish centre change {Version}", item.Version);
        }
    }
}
