using MassTransit;
using Microsoft.Extensions.Logging;

namespace CallCentre.Dashboard.Replicas;

/// <summary>Every replica holds every board, so each has its own auto-deleted queues.</summary>
public sealed class ReplicaEndpoints(IBusRegistrationConfigurator bus, string instanceId)
{
    public string InstanceId { get; } = instanceId;

    public void Add<TConsumer>() where TConsumer : class, IConsumer =>
        bus.AddConsumer<TConsumer>().Endpoint(e =>
        {
            e.InstanceId = InstanceId;
            e.Temporary = true;
        });
}

/// <summary>So that an operator (or a test) can tell this replica's queues from another's.</summary>
public sealed class ReplicaQueueLog(DashboardReplica replica, ILogger<ReplicaQueueLog> logger) : IReceiveEndpointObserver
{
    public Task Ready(ReceiveEndpointReady ready)
    {
        if (ready.InputAddress.AbsolutePath.EndsWith(replica.InstanceId, StringComparison.Ordinal))
            logger.LogInformation("Dashboard replica {Instance} consumes on queue {Queue}", replica.InstanceId, ready.InputAddress.AbsolutePath.TrimStart('/'));
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;
    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;
    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
}

public sealed record DashboardReplica(string InstanceId);
