using System.Text.Json.Serialization;

namespace CallCentre.Contracts.Routing;

/// <summary>How a call leg ended: the values of <see cref="CallLegEnded.EndedBy"/>.</summary>
public static class CallLegEnd
{
    /// <summary>The call ended while this leg's agent had it.</summary>
    public const string Completed = "Completed";
    /// <summary>The agent sent the call to another queue.</summary>
    public const string Transferred = "Transferred";
}

/// <summary>One agent's part of an answered call, published by Routing once the leg's after-call work ended (or when the leg
/// ended, if its queue has no wrap-up). (<see cref="CallId"/>, <see cref="EndedAt"/>) identifies the leg: delivery may repeat
/// and arrive in any order, so consumers store legs idempotently under that key. <see cref="QueueId"/> is the queue the leg
/// was answered in; <see cref="QueuedAt"/> the call's first arrival; <see cref="TalkSeconds"/> the connected time less
/// <see cref="HoldSeconds"/>; <see cref="WrapUpSeconds"/> the after-call work actually done.</summary>
public record CallLegEnded(
    Guid CallId, string TenantId, string QueueId, string AgentId,
    DateTimeOffset QueuedAt, DateTimeOffset AnsweredAt, DateTimeOffset EndedAt, string EndedBy,
    double TalkSeconds, double HoldSeconds, double WrapUpSeconds, string? Disposition)
{
    /// <summary>This leg's handle time, by the one definition in <see cref="HandleTime"/>.</summary>
    [JsonIgnore]
    public double HandleSeconds => HandleTime.Of(TalkSeconds, HoldSeconds, WrapUpSeconds);

    /// <summary>A <see cref="ContactKinds"/> value; absent in older messages: voice.</summary>
    public string Kind { get; init; } = ContactKinds.Voice;
}

/// <summary>The one definition of handle time that reports, forecasts and estimated waits share: talk, hold and after-call
/// work, summed over the legs counted.</summary>
public static class HandleTime
{
    /// <summary>The handle time of one leg.</summary>
    public static double Of(double talkSeconds, double holdSeconds, double wrapUpSeconds) => talkSeconds + holdSeconds + wrapUpSeconds;

    /// <summary>The handle time of several legs (e.g. a call's legs in one queue).</summary>
    public static double Of(IEnumerable<CallLegEnded> legs) => legs.Sum(l => l.HandleSeconds);
}
