using CallCentre.Hosting.Errors;
using CallCentre.Scheduling.Erlang;

namespace CallCentre.Scheduling.Api;

public sealed record StaffingQuestion(double Erlangs, double AhtSeconds, double AnswerWithinSeconds, double Shrinkage, int? Agents,
    ServiceLevelTarget Target)
{
    public static StaffingQuestion? Read(ValidationErrors errors, double? calls, double? interval, double? aht, double? answerWithin,
        double? targetServiceLevel, double? maxOccupancy, double? shrinkage, int? agents)
    {
        FieldRules.Require(errors, "callsPerInterval", calls, v => v >= 0, "must be 0 or more");
        FieldRules.Require(errors, "intervalSeconds", interval, v => v > 0, "must be greater than 0");
        FieldRules.Require(errors, "ahtSeconds", aht, v => v is > 0 and <= StaffingApi.MaxAhtSeconds,
            $"must be greater than 0 and at most {StaffingApi.MaxAhtSeconds} (a day)");
        FieldRules.Require(errors, "targetAnswerSeconds", answerWithin, v => v >= 0, "must be 0 or more");
        if (agents is null || targetServiceLevel is not null)   // the reverse question needs no target
            FieldRules.Require(errors, "targetServiceLevel", targetServiceLevel, v => v is > 0 and < 1, "must be between 0 and 1, exclusive");
        if (maxOccupancy is not null)
            FieldRules.Require(errors, "maxOccupancy", maxOccupancy, v => v is > 0 and <= 1, "must be greater than 0 and at most 1");
        if (shrinkage is not null)
            FieldRules.Require(errors, "shrinkage", shrinkage, v => v is >= 0 and < 1, "must be at least 0 and less than 1");
        if (agents is < 1 or > ErlangC.MaxAgents)
            errors.Add("agents", $"agents must be between 1 and {ErlangC.MaxAgents}.");
        if (errors.Count > 0) return null;

        var erlangs = OfferedTraffic.Erlangs(calls!.Value, interval!.Value, aht!.Value);
        if (!double.IsFinite(erlangs))
        {
            errors.Add("callsPerInterval", $"callsPerInterval is too high: more than {ErlangC.MaxAgents} agents would be needed.");
            return null;
        }
        return new StaffingQuestion(erlangs, aht.Value, answerWithin!.Value, shrinkage ?? 0, agents,
            new ServiceLevelTarget(targetServiceLevel ?? 0.5, answerWithin.Value, maxOccupancy ?? 1.0));
    }
}
