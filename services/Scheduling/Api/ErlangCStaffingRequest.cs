using CallCentre.Hosting.Errors;
using CallCentre.Scheduling.Erlang;
using static System.FormattableString;

namespace CallCentre.Scheduling.Api;

/// <summary>An Erlang C staffing question: how many agents for this traffic and target (or, with <see cref="Agents"/>, what they achieve).</summary>
/// <param name="CallsPerInterval">Forecast calls offered in the interval, ≥ 0.</param>
/// <param name="IntervalSeconds">Interval length in seconds, &gt; 0 (1800 for half-hours).</param>
/// <param name="AhtSeconds">Average handle time (talk + hold + wrap-up) in seconds, &gt; 0 and at most 86,400.</param>
/// <param name="TargetAnswerSeconds">Service-level threshold in seconds, ≥ 0 (the 20 of "80/20").</param>
/// <param name="TargetServiceLevel">Share to answer within the threshold, in (0, 1); not needed with <see cref="Agents"/>.</param>
/// <param name="MaxOccupancy">Occupancy cap in (0, 1]; 1 (no cap) when absent; ignored with <see cref="Agents"/>.</param>
/// <param name="Shrinkage">Share of paid time off the phones, in [0, 1); 0 when absent.</param>
/// <param name="Agents">Optional: answer for this many agents (1 to 50,000) instead of searching.</param>
public sealed record ErlangCStaffingRequest(
    double? CallsPerInterval,
    double? IntervalSeconds,
    double? AhtSeconds,
    double? TargetAnswerSeconds,
    double? TargetServiceLevel,
    double? MaxOccupancy = null,
    double? Shrinkage = null,
    int? Agents = null) {
    /// <summary>The question, or null with <paramref name="errors"/> filled.</summary>
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
