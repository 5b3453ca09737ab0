using CallCentre.Contracts.Routing;

namespace CallCentre.Simulator.Scenarios;

public sealed record ValidScenario(
    int Seed, double DurationSeconds, double WarmupSeconds,
    IReadOnlyList<ValidQueue> Queues, IReadOnlyList<ValidAgentGroup> Agents,
    IReadOnlyList<ValidTraceCall> Calls, IReadOnlyList<ValidStaffingSlice> Staffing, ObservedDay? Observed);

public sealed record ValidQueue(
    string Id, string Tenant, IReadOnlyDictionary<string, int> RequiredSkills, int Priority,
    double ArrivalsPerHour, IReadOnlyList<double>? ArrivalProfile, Distribution? HandleTime, Distribution? Patience,
    double ServiceLevelThresholdSeconds, double OfferTimeoutSeconds, double WrapUpSeconds)
{
    public ValidContactTraffic? Chat { get; init; }
    public ValidContactTraffic? Email { get; init; }
    public ValidContactTraffic? Messaging { get; init; }
    public ValidCallbackOnWait? CallbackOnWait { get; init; }
}

public sealed record ValidContactTraffic(double ArrivalsPerHour, Distribution HandleTime, Distribution? Patience);

/// <summary>Attempts and spacing: null leaves the engine's defaults.</summary>
public sealed record ValidCallbackOnWait(double Share, double DialSeconds, double ReachProbability, int? Attempts, double? SpacingSeconds);

public sealed record ValidAgentGroup(
    string Name, int Count, IReadOnlyDictionary<string, int> Skills, double WrapUpSeconds,
    double RingSeconds, double AnswerLateProbability, double AnswerLateSeconds, double MissOfferProbability,
    double MissedRecoverySeconds, IReadOnlyList<ValidBreak> Breaks)
{
    public IReadOnlyDictionary<string, int>? Capacity { get; init; }
    public bool MixVoiceAndDigital { get; init; }

    public int CapacityFor(string kind) => Capacity is null ? (kind == ContactKinds.Voice ? 1 : 0) : Capacity.GetValueOrDefault(kind);
}

public sealed record ValidBreak(int FirstAgent, int Count, double FromSeconds, double DurationSeconds);

public sealed record ValidTraceCall(int Queue, double ArrivalSeconds, double HandleSeconds, double? PatienceSeconds);

/// <summary>The first <c>OnDuty[g]</c> agents of group g are on duty.</summary>
public sealed record ValidStaffingSlice(double FromSeconds, IReadOnlyList<int> OnDuty);
