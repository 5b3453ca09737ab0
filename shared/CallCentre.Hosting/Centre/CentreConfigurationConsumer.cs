using CallCentre.Contracts.Routing;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace CallCentre.Hosting.Centre;

/// <summary>Listens on an endpoint of this process's own, so every process gets every change.</summary>
internal sealed class CentreConfigurationConsumer(CentreCatalog catalog, ILogger<CentreConfigurationConsumer> logger)
    : IConsumer<QueueConfigured>, IConsumer<AgentConfigured>, IConsumer<TenantCalendarConfigured>
{
    public Task Consume(ConsumeContext<QueueConfigured> context)
    {
        var errors = catalog.ApplyQueue(context.Message.Queue, context.Message.Version);
        if (errors.Count > 0)
            logger.LogWarning("Ignored queue {Queue} version {Version}, invalid against this process's centre: {Errors}",
                context.Message.Queue.Id, context.Message.Version, string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}")));
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<AgentConfigured> context)
    {
        var m = context.Message;
        var errors = catalog.ApplyAgent(new AgentDefinition(m.AgentId, m.Name, m.Skills)
            { Capacity = m.Capacity, MixVoiceAndDigital = m.MixVoiceAndDigital, Team = m.Team }, m.Version, m.PasswordHash);
        if (errors.Count > 0)
            logger.LogWarning("Ignored agent {Agent} version {Version}: {Errors}", m.AgentId, m.Version, string.Join("; ", errors.Keys));
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<TenantCalendarConfigured> context)
    {
        var m = context.Message;
        var errors = catalog.ApplyCalendar(m.TenantId, m.Calendar, m.Version);
        if (errors.Count > 0)
            logger.LogWarning("Ignored the calendar of tenant {Tenant} version {Version}: {Errors}", m.TenantId, m.Version, string.Join("; ", errors.Keys));
        return Task.CompletedTask;
    }
}
