namespace CallCentre.Contracts.Routing;

/// <summary>How a consult ended: the values of <see cref="CallConsultEnded.Outcome"/>.</summary>
public static class ConsultOutcome
{
    /// <summary>The call became the consulted agent's (a <see cref="CallTransferred"/> from the consulting agent comes with it).</summary>
    public const string Completed = "Completed";
    /// <summary>The consulting agent went back to the caller.</summary>
    public const string Cancelled = "Cancelled";
    /// <summary>The consulted agent declined the consult offer.</summary>
    public const string Declined = "Declined";
    /// <summary>The consult offer rang out, or a supervisor changed the consulted agent's state.</summary>
    public const string Missed = "Missed";
    /// <summary>The consulted agent left the consult after answering it.</summary>
    public const string Left = "Left";
    /// <summary>The call ended (the caller hung up) during the consult.</summary>
    public const string CallEnded = "CallEnded";
}

/// <summary>The consult <see cref="AgentId"/> started with <see cref="ToAgentId"/> at <see cref="StartedAt"/> ended; the caller's
/// hold during it counts in the consulting agent's leg as hold time.</summary>
public record CallConsultEnded(Guid CallId, string TenantId, string QueueId, string AgentId, string ToAgentId, string Outcome,
    DateTimeOffset StartedAt, DateTimeOffset EndedAt);
