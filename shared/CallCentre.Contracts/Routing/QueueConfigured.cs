namespace CallCentre.Contracts.Routing;

/// <summary>An administrator created or replaced a queue; <paramref name="Queue"/> is its whole definition. Published by
/// Routing, which stores the change first; every process applies it to its copy of the centre unless it already holds
/// a change with a higher <paramref name="Version"/> for that queue (delivery is unordered and may repeat).</summary>
public record QueueConfigured(long Version, QueueConfiguration Queue, string ConfiguredBy, DateTimeOffset ConfiguredAt);

/// <summary>A queue's definition, as the centre file and the admin API spell it. Skill levels are proficiencies 1..5.</summary>
public record QueueConfiguration(
    string Id, string TenantId, string Name, string LineOfBusiness, string Language,
    IReadOnlyDictionary<string, int> RequiredSkills, int Priority, int ServiceLevelThresholdSeconds, double ServiceLevelTarget,
    int WrapUpSeconds, int OfferTimeoutSeconds, string? Strategy, IReadOnlyList<EscalationConfiguration> Escalations,
    int? MaxWaiting, int? MaxWaitSeconds, string? OverflowQueue, IReadOnlyList<OpeningWindowConfiguration> OpeningHours,
    string? ClosedOverflowQueue);

/// <summary>An escalation step of a queue, counted from when a call entered it.</summary>
public record EscalationConfiguration(int AfterSeconds, IReadOnlyDictionary<string, int>? RequiredSkills, string? AlsoOfferToQueue, string? MoveToQueue);

/// <summary>A weekly opening window in the tenant's time zone; <paramref name="To"/> is exclusive.</summary>
public record OpeningWindowConfiguration(DayOfWeek Day, TimeOnly From, TimeOnly To);
