using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Centre;

namespace CallCentre.Routing.Tests;

/// <summary>The centre as a process knows it: snapshots swapped atomically, changes applied in any order and at least once.</summary>
public class CentreCatalogTests
{
    private static CentreDefinition File() => new(
        [new TenantDefinition("bank", "Bank", "Europe/Paris", "fr"), new TenantDefinition("telco", "Telco", "Europe/Zurich", "en")],
        [new QueueConfiguration("bank-fr", "bank", "Bank FR", "banking", "fr", new Dictionary<string, int> { ["banking"] = 2 })],
        [new AgentDefinition("a1", "Ann", new Dictionary<string, int> { ["banking"] = 3 })]);

    private static QueueConfiguration Queue(string id, string tenant = "bank", string name = "Q") =>
        new(id, tenant, name, "banking", "fr", new Dictionary<string, int> { ["banking"] = 2 });

    [Fact]
    public void NewQueue_SwapsInANewSnapshot_LeavesTheOldOneAsItWas_AndIsAnnounced()
    {
        var catalog = new CentreCatalog(File());
        var before = catalog.Current;
        var changes = new List<CentreChange>();
        catalog.Changed += changes.Add;

        Assert.Empty(catalog.ApplyQueue(Queue("bank-vip"), 1));

        Assert.Equal(["bank-fr"], before.Queues.Select(q => q.Id));
        Assert.Equal(["bank-fr", "bank-vip"], catalog.Current.Queues.Select(q => q.Id));
        Assert.Equal(("bank-vip", 1L), (Assert.Single(changes).Queue!.Id, changes[0].Version));
        Assert.Equal(1, catalog.VersionOf("queue", "bank-vip"));
        Assert.Equal(0, catalog.VersionOf("queue", "bank-fr"));
    }

    [Fact]
    public void OlderOrRepeatedChange_IsIgnored()
    {
        var catalog = new CentreCatalog(File());
        var changes = new List<CentreChange>();
        catalog.Changed += changes.Add;
        catalog.ApplyQueue(Queue("bank-fr", name: "Version 5"), 5);
        catalog.ApplyQueue(Queue("bank-fr", name: "Version 3"), 3);
        catalog.ApplyQueue(Queue("bank-fr", name: "Version 5 again"), 5);

        Assert.Equal("Version 5", catalog.Current.FindQueue("bank-fr")!.Name);
        Assert.Single(changes);
        Assert.Single(catalog.Current.Queues);
    }

    [Fact]
    public void InvalidQueue_AnswersTheFields_AndChangesNothing()
    {
        var catalog = new CentreCatalog(File());
        var errors = catalog.ApplyQueue(Queue("bank-fr", tenant: "telco") with
        {
            RequiredSkills = new Dictionary<string, int> { ["banking"] = 6 }, OverflowQueue = "nowhere", Strategy = "Random",
        }, 1);
        Assert.Equal(["overflowQueue", "requiredSkills.banking", "strategy", "tenantId"], errors.Keys.Order());
        Assert.Equal("bank", catalog.Current.FindQueue("bank-fr")!.TenantId);
        Assert.Equal(0, catalog.VersionOf("queue", "bank-fr"));
    }

    [Fact]
    public void Agent_NameIsLookedUp_AndALateSubscriberIsToldItsPasswordHash()
    {
        var catalog = new CentreCatalog(File());
        catalog.ApplyAgent(new AgentDefinition("a2", "Bea", new Dictionary<string, int> { ["banking"] = 1 }), 1, "hash-of-a2");
        catalog.ApplyAgent(new AgentDefinition("a2", "Bea B.", new Dictionary<string, int> { ["banking"] = 2 }), 2);
        Assert.Equal(("Bea B.", "a9"), (catalog.AgentName("a2"), catalog.AgentName("a9")));

        var replayed = new List<CentreChange>();
        catalog.Subscribe(replayed.Add);
        var change = Assert.Single(replayed);
        Assert.Equal(("a2", "hash-of-a2", 2), (change.Agent!.Id, change.PasswordHash, change.Agent.Skills["banking"]));
    }

    [Fact]
    public async Task ConcurrentChanges_AllLand()
    {
        var catalog = new CentreCatalog(File());
        var version = 0L;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 50; i++)
                Assert.Empty(catalog.ApplyAgent(new AgentDefinition($"t{t}-{i}", "X", new Dictionary<string, int> { ["fr"] = 1 }), Interlocked.Increment(ref version)));
        })));
        Assert.Equal(401, catalog.Current.Agents.Count);
        Assert.Equal(401, catalog.Current.Agents.Select(a => a.Id).Distinct().Count());
    }
}
