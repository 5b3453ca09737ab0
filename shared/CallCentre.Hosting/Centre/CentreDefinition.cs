namespace CallCentre.Hosting.Centre;

/// <summary>The centre as configured at start: client companies, their queues and the agents.
/// Loaded from the JSON file named by <c>Centre:File</c> (the demo centre by default).</summary>
public sealed record CentreDefinition(
    IReadOnlyList<TenantDefinition> Tenants,
    IReadOnlyList<QueueDefinition> Queues,
    IReadOnlyList<AgentDefinition> Agents)
{
    public TenantDefinition? FindTenant(string id) => Tenants.FirstOrDefault(t => t.Id == id);
    public QueueDefinition? FindQueue(string id) => Queues.FirstOrDefault(q => q.Id == id);
}

/// <summary>A client company. <paramref name="TimeZone"/> is an IANA zone, <paramref name="Language"/> fr or en.</summary>
public sealed record TenantDefinition(string Id, string Name, string TimeZone, string Language);

/// <summary>A client queue: a line of business in one language, with the skills a call needs and its service-level target.</summary>
public sealed record QueueDefinition(
    string Id,
    string TenantId,
    string Name,
    string LineOfBusiness,
    string Language,
    IReadOnlyDictionary<string, int> RequiredSkills,
    int Priority = 5,
    int ServiceLevelThresholdSeconds = 20,
    double ServiceLevelTarget = 0.8,
    int WrapUpSeconds = 0,
    int OfferTimeoutSeconds = 15);

/// <summary>An agent with skills (proficiency 1..5; languages are skills too).</summary>
public sealed record AgentDefinition(string Id, string Name, IReadOnlyDictionary<string, int> Skills);
