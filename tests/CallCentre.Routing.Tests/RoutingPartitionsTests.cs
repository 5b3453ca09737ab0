using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Data;
using CallCentre.Routing.Leadership;

namespace CallCentre.Routing.Tests;

/// <summary>Routing:Partitions against the centre: every tenant in exactly one partition, every agent in one.</summary>
public class RoutingPartitionsTests
{
    private static readonly CentreDefinition Centre = new(
        [
            new TenantDefinition("bank", "Bank", "Europe/Paris", "fr"), new TenantDefinition("telco", "Telco", "Europe/Zurich", "en"),
            new TenantDefinition("insurer", "Insurer", "Europe/Brussels", "fr"),
        ],
        [Queue("bank-fr", "bank", "banking"), Queue("telco-en", "telco", "telecom"), Queue("insurer-fr", "insurer", "insurance")],
        [Agent("ann", "banking"), Agent("bob", "telecom"), Agent("cyd", "insurance"), Agent("dan")]);

    private static QueueConfiguration Queue(string id, string tenant, string skill) =>
        new(id, tenant, id, skill, "fr", new Dictionary<string, int> { [skill] = 1 });

    private static AgentDefinition Agent(string id, params string[] skills) => new(id, id, skills.ToDictionary(s => s, _ => 3));

    private static RoutingOptions Options(string partition = "default", params (string Name, string Tenants)[] partitions) =>
        new() { Partition = partition, Partitions = partitions.ToDictionary(p => p.Name, p => p.Tenants) };

    [Fact]
    public void TheAssignmentText_IgnoresOrderSpacingAndRepeats_ButNotAMovedTenant()
    {
        var one = RoutingPartitions.Assignment(Options("default", ("emea", "telco, bank"), ("apac", "insurer")));
        Assert.Equal("apac=insurer;emea=bank,telco", one);
        Assert.Equal(one, RoutingPartitions.Assignment(Options("emea", ("apac", " insurer,"), ("emea", "bank,telco,bank"))));
        Assert.NotEqual(one, RoutingPartitions.Assignment(Options("default", ("emea", "bank"), ("apac", "insurer,telco"))));
        Assert.Equal("", RoutingPartitions.Assignment(Options()));
    }

    [Fact]
    public void ATenantListedNowhere_IsTheDefaultPartitions_AndTheSliceHoldsOnlyThePartitionsTenantsQueuesAndAgents()
    {
        var partitions = new RoutingPartitions(Options("emea", ("emea", "bank, telco")));

        Assert.Empty(RoutingPartitions.Validate(Options("emea", ("emea", "bank, telco")), Centre));
        Assert.Equal(["default", "emea"], partitions.Names);
        Assert.Equal(("emea", "emea", "default"), (partitions.OfTenant("bank"), partitions.OfTenant("telco"), partitions.OfTenant("insurer")));
        Assert.Equal("default", partitions.OfQueue(Centre, "insurer-fr"));
        Assert.Null(partitions.OfQueue(Centre, "nowhere"));
        var slice = partitions.Slice(Centre);
        Assert.Equal(["bank", "telco"], slice.Tenants.Select(t => t.Id));
        Assert.Equal(["bank-fr", "telco-en"], slice.Queues.Select(q => q.Id));
        Assert.Equal(["ann", "bob"], slice.Agents.Select(a => a.Id));
        // An agent serving no queue yet is the default partition's.
        Assert.Equal(["cyd", "dan"], new RoutingPartitions(Options("default", ("emea", "bank,telco"))).Slice(Centre).Agents.Select(a => a.Id));
    }

    [Fact]
    public void WithoutPartitions_TheSliceIsTheWholeCentre()
    {
        var partitions = new RoutingPartitions(Options());
        Assert.False(partitions.Partitioned);
        Assert.Same(Centre, partitions.Slice(Centre));
    }

    [Fact]
    public void ATenantInTwoPartitions_AnUnknownTenant_AnUnknownOrBadPartition_AreEachNamed()
    {
        var errors = RoutingPartitions.Validate(Options("apac", ("emea", "bank,telco"), ("amer", "telco,nobody"), ("Bad Name", "")), Centre);

        Assert.Contains("Routing:Partitions:amer: there is no tenant 'nobody' in the centre.", errors);
        Assert.Contains("Routing:Partitions:emea: tenant 'telco' is also in partition 'amer'; a tenant belongs to one partition.", errors);
        Assert.Contains(errors, e => e.StartsWith("Routing:Partitions:Bad Name: a partition's name is", StringComparison.Ordinal));
        Assert.Contains("Routing:Partition: 'apac' is not a partition of Routing:Partitions (known: Bad Name, amer, default, emea).", errors);
        Assert.Equal(4, errors.Count);
    }

    [Fact]
    public void AnAgentWhoseQueuesLieInTwoPartitions_IsRefusedNamingTheAgentPartitionsAndTenants()
    {
        var centre = Centre with { Agents = [.. Centre.Agents, Agent("eve", "banking", "insurance")] };

        var error = Assert.Single(RoutingPartitions.Validate(Options("default", ("emea", "bank")), centre));

        Assert.Equal("Routing:Partitions: Agent 'eve' would serve routing partitions 'default' and 'emea' (tenants bank, insurer); an agent belongs " +
            "to one partition: give it the skills of one partition's queues, or put those tenants in one partition (Routing:Partitions).", error);
        // The same agent within one partition is fine.
        Assert.Empty(RoutingPartitions.Validate(Options("default", ("emea", "bank,insurer")), centre));
    }

    [Fact]
    public void AnEscalationToAnotherSkill_CountsForTheAgentsPartitions()
    {
        var escalating = Queue("insurer-fr", "insurer", "insurance") with
        {
            Escalations = [new EscalationConfiguration(30, RequiredSkills: new Dictionary<string, int> { ["banking"] = 1 })],
        };
        var centre = Centre with { Queues = [.. Centre.Queues.Where(q => q.Id != "insurer-fr"), escalating] };

        var errors = RoutingPartitions.Validate(Options("default", ("emea", "bank")), centre);

        Assert.Contains(errors, e => e.Contains("Agent 'ann' would serve routing partitions 'default' and 'emea'", StringComparison.Ordinal));
    }

    [Fact]
    public void PartitionsOnSqlite_AreRefused_AndOnPostgresAccepted()
    {
        ModuleDatabase<RoutingModule> Database(DatabaseProvider provider) => new("Routing", provider, "Data Source=unused", Polly.ResiliencePipeline.Empty);
        var options = Options("default", ("emea", "bank"));

        var refused = new RoutingPartitionsValidation(new CentreCatalog(Centre), Database(DatabaseProvider.Sqlite)).Validate(null, options);

        Assert.Contains("Routing:Partitions needs Database:Provider=Postgres", Assert.Single(refused.Failures!), StringComparison.Ordinal);
        Assert.True(new RoutingPartitionsValidation(new CentreCatalog(Centre), Database(DatabaseProvider.Postgres)).Validate(null, options).Succeeded);
        Assert.True(new RoutingPartitionsValidation(new CentreCatalog(Centre), Database(DatabaseProvider.Sqlite)).Validate(null, Options()).Succeeded);
    }

    [Fact]
    public void AChangedAgent_GoesWhereItsQueuesAre_OrStaysWhereItWasWhenItServesNone()
    {
        var partitions = new RoutingPartitions(Options("emea", ("emea", "bank,telco")));

        Assert.Equal("emea", partitions.OfChangedAgent(Centre, Agent("new", "telecom")));
        Assert.Equal("default", partitions.OfChangedAgent(Centre, Agent("new")));
        Assert.Equal("emea", partitions.OfChangedAgent(Centre, Agent("ann")));
        Assert.Equal("default", partitions.OfChangedAgent(Centre, Agent("ann", "insurance")));
        Assert.Equal(["default", "emea"], partitions.Spanned(Centre, Agent("ann", "insurance", "banking")).Order());
    }
}
