namespace CallCentre.Contracts.Routing;

/// <summary>An administrator created or replaced a queue; <paramref name="Queue"/> is its whole definition. Published by
/// Routing, which stores the change first; every process applies it to its copy of the centre unless it already holds
/// a change with a higher <paramref name="Version"/> for that queue (delivery is unordered and may repeat).</summary>
public record QueueConfigured(long Version, QueueConfiguration Queue, string ConfiguredBy, DateTimeOffset ConfiguredAt);

/// <summary>A queue: a line of business in one language, with the skills a call needs and its service-level target.
/// The one queue model: the centre file, the admin API, this message and the routing engine all read it.
/// Skill levels are proficiencies 1..5.</summary>
public sealed record QueueConfiguration(
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
    /// <summary>Steps counted from when a call entered the queue.</summary>
    public IReadOnlyList<EscalationConfiguration> Escalations { get; init; } = [];
    /// <summary>At most this many calls waiting; a call over it overflows or is rejected.</summary>
    public int? MaxWaiting { get; init; }
    /// <summary>A call waiting longer overflows or is rejected.</summary>
    public int? MaxWaitSeconds { get; init; }
    /// <summary>Where a call goes when the queue is full or waited past its maximum (else it is rejected).</summary>
    public string? OverflowQueue { get; init; }
    /// <summary>Weekly windows in the tenant's time zone; none means always open.</summary>
    public IReadOnlyList<OpeningWindowConfiguration> OpeningHours { get; init; } = [];
    /// <summary>Where a call goes outside the opening hours (else it is rejected).</summary>
    public string? ClosedOverflowQueue { get; init; }
    /// <summary>How many times a callback is dialled before it ends unreached (absent: 3).</summary>
    public int? CallbackAttempts { get; init; }
    /// <summary>Between two dials of a callback (absent: 300).</summary>
    public int? CallbackSpacingSeconds { get; init; }
}

/// <summary>After <paramref name="AfterSeconds"/> in the queue: accept <paramref name="RequiredSkills"/>, also offer to
/// <paramref name="AlsoOfferToQueue"/>'s agents, and/or move the call to <paramref name="MoveToQueue"/>.</summary>
public sealed record EscalationConfiguration(int AfterSeconds, IReadOnlyDictionary<string, int>? RequiredSkills = null,
    string? AlsoOfferToQueue = null, string? MoveToQueue = null);

/// <summary>A weekly opening window in the tenant's time zone: <paramref name="Day"/> (Monday..Sunday), <paramref name="From"/>
/// and <paramref name="To"/> as HH:mm, <paramref name="To"/> exclusive.</summary>
public sealed record OpeningWindowConfiguration(DayOfWeek Day, TimeOnly From, TimeOnly To);
