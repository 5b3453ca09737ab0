using CallCentre.Hosting.Errors;
using CallCentre.Scheduling.Erlang;
using static System.FormattableString;

namespace CallCentre.Scheduling.Api;

/// <summary>With <see cref="Agents"/>: what that many agents achieve, instead of how many are needed.</summary>
public sealed record ErlangCStaffingRequest(
    double? CallsPerInterval,
    double? IntervalSeconds,
    double? AhtSeconds,
    double? TargetAnswerSeconds,
    double? TargetServiceLevel,
    double? MaxOccupancy = null,
    double? Shrinkage = null,
    int? Agents = null) {
    public StaffingQuestion? Read(ValidationErrors errors)
    {
        var question = StaffingQuestion.Read(errors, CallsPerInterval, IntervalSeconds, AhtSeconds, TargetAnswerSeconds, TargetServiceLevel,
            MaxOccupancy, Shrinkage, Agents);
        if (question is null) return null;
        if (question.Erlangs >= ErlangC.MaxAgents)
            errors.Add("callsPerInterval", Invariant($"{question.Erlangs:0.#} Erlangs of traffic need more than {ErlangC.MaxAgents} agents."));
        else if (question.Agents is { } agents && agents <= question.Erlangs)
            errors.Add("agents", Invariant($"{agents} agents can never clear {question.Erlangs:0.###} Erlangs of traffic: Erlang C needs more agents than Erlangs."));
        return errors.Count > 0 ? null : question;
    }
}
