using CallCentre.Contracts.Routing;
using System.Text.Json.Serialization;

namespace CallCentre.Simulator.Virtual;

/// <summary>Over the calls that arrived after the warm-up, each followed to its end.</summary>
public sealed record SimulationResult(
    IReadOnlyList<QueueResult> Queues, double AgentOccupancy, long Calls, double WallSeconds)
{
    /// <summary>Per queue, the kinds other than voice it has traffic for (callbacks, chats, e-mails, messages); <see cref="Queues"/> is voice.
    /// Null without any, so that a voice-only result keeps the fields.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<QueueResult>? Contacts { get; init; }
}

public sealed record QueueResult(
    string Queue, int Offered, int Answered, int Abandoned, int AnsweredWithinThreshold, double ThresholdSeconds,
    double MeanWaitAnsweredSeconds, double MeanWaitAllSeconds, double MeanHandleSeconds)
{
    [JsonIgnore] public string Kind { get; init; } = ContactKinds.Voice;
    [JsonPropertyName("kind"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? KindInFile => Kind == ContactKinds.Voice ? null : Kind;
    /// <summary>Voice callers who chose a callback instead of hanging up: counted in <see cref="Offered"/>, then as callbacks.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public int CallbacksRequested { get; init; }
    /// <summary>Calls offered to an agent the instant they arrived (not in the file: for P(wait) in the tests).</summary>
    [JsonIgnore] public int AnsweredWithoutWait { get; init; }
    [JsonIgnore] public int Unfinished { get; init; }
    /// <summary>Only when the centre was asked to tally intervals.</summary>
    [JsonIgnore] public IReadOnlyList<IntervalTally>? Intervals { get; init; }

    [JsonIgnore] public double ServiceLevel => Offered == 0 ? 0 : (double)AnsweredWithinThreshold / Offered;
    [JsonIgnore] public double AbandonedShare => Offered == 0 ? 0 : (double)Abandoned / Offered;
    [JsonIgnore] public double WaitProbability => Offered == 0 ? 0 : 1 - (double)AnsweredWithoutWait / Offered;
}

/// <summary>The calls that arrived in one interval.</summary>
public sealed record IntervalTally(int Offered, int AnsweredWithinThreshold, int Abandoned);
