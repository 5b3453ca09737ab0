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
public sealed record TenantDefinition(string Id, string Name, string TimeZone, string Language)
{
    /// <summary>The codes its agents choose from as a call ends; none means <see cref="Centre.Dispositions.Defaults"/>.</summary>
    public IReadOnlyList<DispositionDefinition>? Dispositions { get; init; }
}

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
    int OfferTimeoutSeconds = 15)
{
    /// <summary>LongestIdle (default), MostSkilled, RoundRobin, FewestCalls or LeastTalkTime.</summary>
    public string? Strategy { get; init; }
    public IReadOnlyList<EscalationDefinition> Escalations { get; init; } = [];
    public int? MaxWaiting { get; init; }
    public int? MaxWaitSeconds { get; init; }
    /// <summary>Where a call goes when the queue is full or waited past its maximum (else it is rejected).</summary>
    public string? OverflowQueue { get; init; }
    /// <summary>Weekly windows in the tenant's time zone; none means always open.</summary>
    public IReadOnlyList<OpeningWindowDefinition> OpeningHours { get; init; } = [];
    public string? ClosedOverflowQueue { get; init; }
}

/// <summary>After <paramref name="AfterSeconds"/> in the queue: accept <paramref name="RequiredSkills"/>, also offer to
/// <paramref name="AlsoOfferToQueue"/>'s agents, and/or move the call to <paramref name="MoveToQueue"/>.</summary>
public sealed record EscalationDefinition(int AfterSeconds, IReadOnlyDictionary<string, int>? RequiredSkills = null,
    string? AlsoOfferToQueue = null, string? MoveToQueue = null);

/// <summary>A weekly opening window: <paramref name="Day"/> (Monday..Sunday), <paramref name="From"/> and <paramref name="To"/> as HH:mm.</summary>
public sealed record OpeningWindowDefinition(DayOfWeek Day, TimeOnly From, TimeOnly To);

/// <summary>An agent with skills (proficiency 1..5; languages are skills too).</summary>
public sealed record AgentDefinition(string Id, string Name, IReadOnlyDictionary<string, int> Skills);
