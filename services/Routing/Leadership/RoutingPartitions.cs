using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Data;
using Microsoft.Extensions.Options;

namespace CallCentre.Routing.Leadership;

/// <summary>Which partition each tenant, queue and agent belongs to (docs/routing.md, Partitions); a tenant listed nowhere is the default partition's.</summary>
public sealed class RoutingPartitions
{
    private readonly Dictionary<string, string> _tenants = new(StringComparer.Ordinal);

    public RoutingPartitions(RoutingOptions options)
    {
        Local = options.Partition;
        var names = new SortedSet<string>(StringComparer.Ordinal) { RoutingOptions.DefaultPartition };
        foreach (var (partition, tenants) in options.Partitions)
        {
            names.Add(partition);
            foreach (var tenant in TenantsOf(tenants))
                _tenants.TryAdd(tenant, partition);
        }
        Names = names.ToList();
    }

    public string Local { get; }

    public IReadOnlyList<string> Names { get; }

    /// <summary>False with one partition: every request is this process's (or its standby's) to serve.</summary>
    public bool Partitioned => Names.Count > 1;

    public string OfTenant(string tenantId) => _tenants.GetValueOrDefault(tenantId, RoutingOptions.DefaultPartition);

    public string? OfQueue(CentreDefinition centre, string queueId) => centre.FindQueue(queueId) is { } queue ? OfTenant(queue.TenantId) : null;

    public IReadOnlySet<string> Spanned(CentreDefinition centre, AgentDefinition agent) =>
        AgentTenants.ServedBy(centre, agent).Select(OfTenant).ToHashSet(StringComparer.Ordinal);

    /// <summary>An agent serving no queue yet belongs to the default partition.</summary>
    public string OfAgent(CentreDefinition centre, AgentDefinition agent) =>
        Spanned(centre, agent).Order(StringComparer.Ordinal).FirstOrDefault() ?? RoutingOptions.DefaultPartition;

    public string? OfAgent(CentreDefinition centre, string agentId) =>
        centre.Agents.FirstOrDefault(a => a.Id == agentId) is { } agent ? OfAgent(centre, agent) : null;

    /// <summary>Where an agent goes with new skills; one serving no queue stays where it was.</summary>
    public string OfChangedAgent(CentreDefinition centre, AgentDefinition changed) =>
        Spanned(centre, changed) is { Count: 1 } one ? one.First() : OfAgent(centre, changed.Id) ?? RoutingOptions.DefaultPartition;

    public bool IsLocal(string partition) => partition == Local;

    /// <summary>The tenants, queues and agents of this process's partition: its engine knows nothing else.</summary>
    public CentreDefinition Slice(CentreDefinition centre) => !Partitioned
        ? centre
        : centre with
        {
            Tenants = centre.Tenants.Where(t => IsLocal(OfTenant(t.Id))).ToList(),
            Queues = centre.Queues.Where(q => IsLocal(OfTenant(q.TenantId))).ToList(),
            Agents = centre.Agents.Where(a => IsLocal(OfAgent(centre, a))).ToList(),
        };

    /// <summary>Agents whose queues' tenants lie in two partitions: refused at start and by the admin API.</summary>
    public Dictionary<string, string[]> CheckAgents(CentreDefinition centre, IEnumerable<AgentDefinition> agents)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var agent in agents)
        {
            var spanned = Spanned(centre, agent);
            if (spanned.Count > 1)
                errors[$"agents.{agent.Id}"] = [SpanMessage(centre, agent, spanned)];
        }
        return errors;
    }

    public string SpanMessage(CentreDefinition centre, AgentDefinition agent, IReadOnlySet<string> spanned) =>
        $"Agent '{agent.Id}' would serve routing partitions {string.Join(" and ", spanned.Order(StringComparer.Ordinal).Select(p => $"'{p}'"))} " +
        $"(tenants {string.Join(", ", AgentTenants.ServedBy(centre, agent).Order(StringComparer.Ordinal))}); an agent belongs to one partition: " +
        "give it the skills of one partition's queues, or put those tenants in one partition (Routing:Partitions).";

    /// <summary>The assignment as one text, whatever the order and spacing it was written in: "helvet=helvet-telecom;nordic=a,b".</summary>
    public static string Assignment(RoutingOptions options) =>
        string.Join(";", options.Partitions.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={string.Join(",", TenantsOf(p.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))}"));

    public static IEnumerable<string> TenantsOf(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Every problem of the configuration against the centre, each naming the key to fix.</summary>
    public static List<string> Validate(RoutingOptions options, CentreDefinition centre)
    {
        var errors = new List<string>();
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (partition, tenants) in options.Partitions.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!CentreIds.IsValid(partition))
                errors.Add($"Routing:Partitions:{partition}: a partition's name is {CentreIds.Rule}.");
            foreach (var tenant in TenantsOf(tenants))
            {
                if (centre.FindTenant(tenant) is null)
                    errors.Add($"Routing:Partitions:{partition}: there is no tenant '{tenant}' in the centre.");
                else if (owner.TryGetValue(tenant, out var other) && other != partition)
                    errors.Add($"Routing:Partitions:{partition}: tenant '{tenant}' is also in partition '{other}'; a tenant belongs to one partition.");
                owner.TryAdd(tenant, partition);
            }
        }
        var partitions = new RoutingPartitions(options);
        if (!partitions.Names.Contains(options.Partition))
            errors.Add($"Routing:Partition: '{options.Partition}' is not a partition of Routing:Partitions (known: {string.Join(", ", partitions.Names)}).");
        errors.AddRange(partitions.CheckAgents(centre, centre.Agents).Values.SelectMany(v => v).Select(m => "Routing:Partitions: " + m));
        return errors;
    }
}

/// <summary>At start, against the centre file: a wrong assignment would route a tenant's calls in two places or none.</summary>
internal sealed class RoutingPartitionsValidation(CentreCatalog catalog, ModuleDatabase<RoutingModule> database) : IValidateOptions<RoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, RoutingOptions options)
    {
        var errors = RoutingPartitions.Validate(options, catalog.Current);
        if (database.Provider != DatabaseProvider.Postgres && new RoutingPartitions(options).Partitioned)
            errors.Add("Routing:Partitions needs Database:Provider=Postgres: with SQLite one process serves every tenant, so configure no partition.");
        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
