using CallCentre.Hosting.Errors;
using CallCentre.Scheduling.Erlang;
using static System.FormattableString;

namespace CallCentre.Scheduling.Api;

public sealed record ErlangAStaffingRequest(
    double? CallsPerInterval,
    double? IntervalSeconds,
    double? AhtSeconds,
    double? TargetAnswerSeconds,
    double? TargetServiceLevel,
    double? PatienceSeconds,
    double? MaxOccupancy = null,
    double? Shrinkage = null,
    int? Agents = null) {
    public (StaffingQuestion Question, double PatienceSeconds)? Read(ValidationErrors errors)
    {
        var question = StaffingQuestion.Read(errors, CallsPerInterval, IntervalSeconds, AhtSeconds, TargetAnswerSeconds, TargetServiceLevel,
            MaxOccupancy, Shrinkage, Agents);
        var patience = PatienceSeconds;
        if (patience is null)
            errors.Add("patienceSeconds", "patienceSeconds is required.");
        else if (!(patience > 0 && double.IsFinite(patience.Value)))
            errors.Add("patienceSeconds", "patienceSeconds must be greater than 0.");
        else if (AhtSeconds is double aht and > 0 && patience.Value > StaffingApi.MaxPatienceInHandleTimes * aht)
            errors.Add("patienceSeconds", $"patienceSeconds must be at most {StaffingApi.MaxPatienceInHandleTimes} × ahtSeconds; callers that patient never abandon: use erlang-c.");
        if (question is null || errors.Count > 0) return null;
        if (question.Erlangs > StaffingApi.MaxErlangATraffic)
        {
            errors.Add("callsPerInterval", Invariant($"{question.Erlangs:0.#} Erlangs of traffic need more than {ErlangC.MaxAgents} agents."));
            return null;
        }
        return (question, patience!.Value);
    }
}
