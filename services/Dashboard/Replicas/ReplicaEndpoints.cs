using MassTransit;
using Microsoft.Extensions.Logging;

namespace CallCentre.Dashboard.Replicas;

/// <summary>The Dashboard's consumers on queues of this process's own. Every replica holds every board in memory, so each must
/// see every event: a queue per replica (named with <see cref="InstanceId"/>), auto-deleted when the replica goes, instead of
/// the one durable queue per consumer that replicas would compete on.</summary>
public sealed class ReplicaEndpoints(IBusRegistrationConfigurator bus, string instanceId)
{
    /// <summary>The suffix of this process's queue names.</summary>
    public string InstanceId { get; } = instanceId;

    public void Add<TConsumer>() where TConsumer : class, IConsumer =>
        bus.AddConsumer<TConsumer>().Endpoint(e =>
        {
            e.InstanceId = InstanceId;
            e.Temporary = true;
        });
}

/// <summary>Logs each of this replica's queues when it is ready, so that an operator (or a test) can tell them from another's.</summary>
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

/// <summary>This process as one of the Dashboard's replicas.</summary>
public sealed record DashboardReplica(string InstanceId);
