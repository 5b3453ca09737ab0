namespace CallCentre.Routing.Engine;

/// <summary>How a queue picks among the available agents who may take its call.</summary>
public enum RoutingStrategy
{
    /// <summary>The agent who has waited longest since their last call (the default).</summary>
    LongestIdle,
    /// <summary>The best proficiency on the queue's skills, then longest idle.</summary>
    MostSkilled,
    /// <summary>The agent offered a call least recently.</summary>
    RoundRobin,
    /// <summary>The fewest calls answered today, then longest idle.</summary>
    FewestCalls,
    /// <summary>The least talk time today, then longest idle.</summary>
    LeastTalkTime,
}

/// <summary>A step of a queue's escalation, counted from when the call entered the queue: after <paramref name="AfterSeconds"/>,
/// accept agents with <paramref name="RequiredSkills"/> (e.g. proficiency 2 instead of 4), and/or also offer the call to
/// the agents of queue <paramref name="AlsoOfferToQueue"/>, and/or move it to queue <paramref name="MoveToQueue"/>.</summary>
public sealed record EscalationStep(int AfterSeconds, IReadOnlyDictionary<string, int>? RequiredSkills = null,
    string? AlsoOfferToQueue = null, string? MoveToQueue = null);

/// <summary>A queue's limits: at most <paramref name="MaxWaiting"/> calls waiting, each at most <paramref name="MaxWaitSeconds"/>;
/// a call over a limit goes to <paramref name="OverflowQueue"/> if set, else is rejected.</summary>
public sealed record QueueLimits(int? MaxWaiting = null, int? MaxWaitSeconds = null, string? OverflowQueue = null);

/// <summary>A weekly opening window in the tenant's time zone; <paramref name="To"/> is exclusive.</summary>
public sealed record OpeningWindow(DayOfWeek Day, TimeOnly From, TimeOnly To);

/// <summary>When a queue takes calls, in its tenant's time zone; a call outside goes to <paramref name="ClosedOverflowQueue"/> or is rejected.</summary>
public sealed record OpeningHours(string TimeZone, IReadOnlyList<OpeningWindow> Windows, string? ClosedOverflowQueue = null)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public bool IsOpen(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, _zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        foreach (var w in Windows)
            if (w.Day == local.DayOfWeek && time >= w.From && time < w.To)
                return true;
        return false;
    }
}

/// <summary>A queue as the engine needs it.</summary>
public sealed record RoutingQueue(
    string Id, string TenantId, IReadOnlyDictionary<string, int> RequiredSkills, int Priority,
    TimeSpan WrapUp, TimeSpan OfferTimeout)
{
    public RoutingStrategy Strategy { get; init; } = RoutingStrategy.LongestIdle;
    public IReadOnlyList<EscalationStep> Escalations { get; init; } = [];
    public QueueLimits Limits { get; init; } = new();
    public OpeningHours? Hours { get; init; }
    /// <summary>How long a call that names an agent waits for that agent before anyone eligible may take it.</summary>
    public TimeSpan PreferredAgentTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>The handle time assumed for the estimated wait until calls have been completed.</summary>
    public TimeSpan AssumedHandleTime { get; init; } = TimeSpan.FromSeconds(180);
}

/// <summary>An agent's skill profile (proficiency 1..5 per skill; languages are skills).</summary>
public sealed record RoutingAgent(string Id, IReadOnlyDictionary<string, int> Skills)
{
    /// <summary>Whether the agent's skills meet <paramref name="required"/>, by the one <see cref="Eligibility"/> rule.</summary>
    public bool Satisfies(IReadOnlyDictionary<string, int> required) => Eligibility.Meets(Skills, required);
}

/// <summary>A call arriving from telephony; <see cref="PreferredAgentId"/> names an agent for a returning caller.</summary>
public sealed record IncomingCall(Guid CallId, string QueueId, string CallerHash, int? Priority)
{
    public string? PreferredAgentId { get; init; }
}

/// <summary>What a live call looks like from outside. <see cref="EstimatedWaitSeconds"/> is for announcements.</summary>
public sealed record CallView(Guid CallId, string TenantId, string QueueId, CallState State, string? AgentId,
    DateTimeOffset QueuedAt, int? Position, double? EstimatedWaitSeconds = null);

/// <summary>What an agent looks like from outside: state, reason, since when, and the call offered or connected.</summary>
public sealed record AgentView(string AgentId, AgentState State, string? Reason, DateTimeOffset Since,
    Guid? CallId, string? QueueId, string? TenantId, DateTimeOffset? QueuedAt)
{
    /// <summary>When the connected call was answered (null unless connected).</summary>
    public DateTimeOffset? AnsweredAt { get; init; }
    /// <summary>When the connected call's current hold began; null unless it is on hold.</summary>
    public DateTimeOffset? HeldSince { get; init; }
    /// <summary>The connected leg's ended holds, in seconds.</summary>
    public double HoldSeconds { get; init; }
}
