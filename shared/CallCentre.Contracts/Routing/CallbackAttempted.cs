namespace CallCentre.Contracts.Routing;

/// <summary>The PBX's answer to a dial: <paramref name="Outcome"/> is a <see cref="CallbackOutcomes"/> value. <paramref name="RetryAt"/>
/// is when the callback is offered again (null when connected or when this was the last attempt: see <paramref name="Final"/>).</summary>
public record CallbackAttempted(Guid CallId, string TenantId, string QueueId, string AgentId, int Attempt, string Outcome,
    DateTimeOffset QueuedAt, DateTimeOffset AttemptedAt, DateTimeOffset? RetryAt, bool Final);

public static class CallbackOutcomes
{
    public const string Connected = "connected";
    public const string NoAnswer = "no-answer";
    public const string Busy = "busy";

    public static IReadOnlyList<string> All { get; } = [Connected, NoAnswer, Busy];
}
