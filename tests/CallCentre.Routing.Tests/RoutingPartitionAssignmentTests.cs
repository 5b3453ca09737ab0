using CallCentre.Hosting.Centre;
using CallCentre.Routing.Data;
using CallCentre.Routing.Leadership;
using CallCentre.Routing.Loop;
using CallCentre.Testing;
using Dapper;
using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallCentre.Routing.Tests;

/// <summary>Routing:Partitions recorded with the leases on PostgreSQL: a process started with another assignment than the live
/// processes' never becomes active beside them (not ready, naming both), and takes over once they have all stopped.</summary>
public sealed class RoutingPartitionAssignmentTests(RoutingPartitionAssignmentTests.Database db)
    : IClassFixture<RoutingPartitionAssignmentTests.Database>, IAsyncLifetime
{
    public sealed class Database() : PostgresTestDatabase<RoutingModule>("Routing");

    private static readonly CentreDefinition Centre = new(
        [new TenantDefinition("bank", "Bank", "Europe/Paris", "fr"), new TenantDefinition("telco", "Telco", "Europe/Zurich", "fr")],
        [TestQueues.Queue("front", "bank", new Dictionary<string, int> { ["fr"] = 1 })],
        [new AgentDefinition("a", "Agent A", new Dictionary<string, int> { ["fr"] = 3 })]);

    private readonly List<(RoutingLoop Loop, IBusControl Bus)> _started = [];

    [Fact]
    public async Task AProcessWithAnotherAssignment_StandsByNotReadyNamingBoth_UntilTheLiveOnesStop_ThenTakesOver()
    {
        var (loop, lease) = await StartAsync("default", "helvet=telco");
        await TestInfrastructure.EventuallyAsync(() => loop.Recovered, "the first process to become active");
        var (other, otherLease) = await StartAsync("helvet", "helvet=bank,telco");

        // It would serve the bank in 'helvet' while 'default' serves it too: it stands by, for longer than a lease.
        await TestInfrastructure.EventuallyAsync(() => otherLease.Mismatch is not null, "the second process to see the mismatch");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.False(other.IsActive);
        Assert.Null(otherLease.ActiveAddress);
        var mismatch = otherLease.Mismatch!;
        Assert.Contains("(helvet=bank,telco)", mismatch);
        Assert.Contains("(helvet=telco, recorded by partition 'default'", mismatch);
        var health = await new RoutingRecoveredCheck(other, otherLease).CheckHealthAsync(new HealthCheckContext());
        Assert.Equal((HealthStatus.Unhealthy, mismatch), (health.Status, health.Description));
        Assert.Null(lease.Mismatch);
        Assert.Equal(HealthStatus.Healthy, (await new RoutingRecoveredCheck(loop, lease).CheckHealthAsync(new HealthCheckContext())).Status);

        // A re-partitioning rolled out by stopping every process of the old assignment: the new one takes over and records its own.
        await loop.StopAsync(default);
        await TestInfrastructure.EventuallyAsync(() => other.Recovered, "the second process to take over once the first stopped");
        Assert.Null(otherLease.Mismatch);
        Assert.Equal("helvet=bank,telco", await AssignmentOfAsync("helvet"));
    }

    [Fact]
    public async Task ProcessesOfTwoPartitionsWithOneAssignment_AreBothActive_AndTwoAssignmentsStartedAtOnce_NeverAre()
    {
        var agreeing = await Task.WhenAll(StartAsync("default", "north=telco"), StartAsync("north", " north = telco "));
        await TestInfrastructure.EventuallyAsync(() => agreeing.All(p => p.Loop.Recovered), "both partitions' processes to become active");
        Assert.All(agreeing, p => Assert.Null(p.Lease.Mismatch));
        foreach (var (loop, _) in agreeing)
            await loop.StopAsync(default);

        // Started together on a database with no live lease: whichever takes first, the other refuses.
        var rivals = await Task.WhenAll(StartAsync("default", "east=telco"), StartAsync("east", "east=bank"));
        await TestInfrastructure.EventuallyAsync(() => rivals.Count(p => p.Loop.Recovered) == 1 && rivals.Count(p => p.Lease.Mismatch is not null) == 1,
            "one rival active and the other refusing");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(rivals, p => p.Loop.IsActive);
    }

    private async Task<string?> AssignmentOfAsync(string partition)
    {
        await using var connection = await db.Database.OpenAsync(default);
        return await connection.QuerySingleOrDefaultAsync<string?>("SELECT assignment FROM routing_lease WHERE partition_id = @partition", new { partition });
    }

    private async Task<(RoutingLoop Loop, RoutingLease Lease)> StartAsync(string partition, string assignment)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(new Uri(TestInfrastructure.RabbitMq)));
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        var options = new RoutingOptions
        {
            Partition = partition,
            Partitions = assignment.Split(';').Select(p => p.Split('=', 2)).ToDictionary(p => p[0].Trim(), p => p[1]),
        };
        var lease = new RoutingLease(db.Database, options, TimeProvider.System, NullLogger<RoutingLease>.Instance);
        var loop = new RoutingLoop(RoutingModule.CreateEngine(Centre), new RoutingStore(db.Database), bus, TimeProvider.System,
            NullLogger<RoutingLoop>.Instance, new CentreTimeZone(TimeZoneInfo.Utc), lease, new CentreCatalog(Centre));
        await loop.StartAsync(default);
        _started.Add((loop, bus));
        return (loop, lease);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var (loop, bus) in _started)
        {
            await loop.StopAsync(default);
            await bus.StopAsync();
        }
    }
}
