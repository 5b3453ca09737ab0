namespace CallCentre.Simulator.Scenarios;

public sealed record ValidScenario(
    int Seed, double DurationSeconds, double WarmupSeconds,
    IReadOnlyList<ValidQueue> Queues, IReadOnlyList<ValidAgentGroup> Agents,
    IReadOnlyList<ValidTraceCall> Calls, IReadOnlyList<ValidStaffingSlice> Staffing, ObservedDay? Observed);

public sealed record ValidQueue(
    string Id, string Tenant, IReadOnlyDictionary<string, int> RequiredSkills, int Priority,
    double ArrivalsPerHour, IReadOnlyList<double>? ArrivalProfile, Distribution? HandleTime, Distribution? Patience,
    double ServiceLevelThresholdSeconds, double OfferTimeoutSeconds, double WrapUpSeconds);

public sealed record ValidAgentGroup(
    string Name, int Count, IReadOnlyDictionary<string, int> Skills, double WrapUpSeconds,
    double RingSeconds, double AnswerLateProbability, double AnswerLateSeconds, double MissOfferProbability,
    double MissedRecoverySeconds, IReadOnlyList<ValidBreak> Breaks);

public sealed record ValidBreak(int FirstAgent, int Count, double FromSeconds, double DurationSeconds);

public sealed record ValidTraceCall(int Queue, double ArrivalSeconds, double HandleSeconds, double? PatienceSeconds);

/// <summary>The first <c>OnDuty[g]</c> agents of group g are on duty.</summary>
public sealed record ValidStaffingSlice(double FromSeconds, IReadOnlyList<int> OnDuty);
