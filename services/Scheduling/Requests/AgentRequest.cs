namespace CallCentre.Scheduling.Requests;

public enum AgentRequestKind { TimeOff, Swap }

/// <summary><see cref="Offered"/>: a swap waiting for a colleague to take it; <see cref="Queued"/>: waiting for a supervisor.</summary>
public enum AgentRequestStatus { Offered, Queued, Approved, Denied }

/// <summary>Time off over [<see cref="From"/>, <see cref="To"/>), or the shift the agent worked on <see cref="Day"/> handed to
/// <see cref="CoveringAgentId"/> (a swap, the period then being the shift's). Instants in UTC.</summary>
public sealed record AgentRequest(
    Guid Id,
    AgentRequestKind Kind,
    string AgentId,
    DateTimeOffset From,
    DateTimeOffset To,
    DateOnly? Day,
    string? CoveringAgentId,
    AgentRequestStatus Status,
    string Note,
    DateTimeOffset CreatedAt,
    RequestAssessment? Assessment = null,
    DateTimeOffset? DecidedAt = null,
    string? DecidedBy = null,
    string? Reason = null)
{
    public bool IsOpen => Status is AgentRequestStatus.Offered or AgentRequestStatus.Queued;
}

/// <summary>One line of the audit: who decided what, when, why, on which figures.</summary>
public sealed record RequestDecision(Guid RequestId, DateTimeOffset At, string DecidedBy, AgentRequestStatus Outcome, string Reason,
    RequestAssessment? Figures)
{
    public const string System = "system";
}

public static class AgentRequestNames
{
    public static string Name(AgentRequestKind kind) => kind == AgentRequestKind.TimeOff ? "timeOff" : "swap";
    public static string Name(AgentRequestStatus status) => status.ToString().ToLowerInvariant();
    public static AgentRequestKind Kind(string name) => name == "swap" ? AgentRequestKind.Swap : AgentRequestKind.TimeOff;
    public static AgentRequestStatus Status(string name) => Enum.Parse<AgentRequestStatus>(name, ignoreCase: true);
}
