namespace CallCentre.Contracts.Routing;

/// <summary>An agent's after-call work for a call ended, however it ended: at the queue's configured wrap-up time, earlier
/// when the agent changed state (went Available, NotReady, logged out), when a supervisor forced a state, or when Routing
/// restarted (the wrap-up then ends at the restart, or at its deadline if that passed while Routing was down).
/// <see cref="StartedAt"/> is when the leg ended (<see cref="CallCompleted.CompletedAt"/>, or
/// <see cref="CallTransferred.TransferredAt"/> for a transferred leg), which identifies the leg; <see cref="WrapUpSeconds"/>
/// is the after-call work the agent actually did (<see cref="EndedAt"/> − <see cref="StartedAt"/>), never more than the
/// configured value those events carry. <see cref="QueueId"/> is the queue of the leg (the one transferred from).</summary>
public record CallWrapUpEnded(Guid CallId, string TenantId, string QueueId, DateTimeOffset QueuedAt, string AgentId,
    DateTimeOffset StartedAt, DateTimeOffset EndedAt, double WrapUpSeconds);
