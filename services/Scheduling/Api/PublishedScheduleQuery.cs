using CallCentre.Hosting.Errors;

namespace CallCentre.Scheduling.Api;

/// <summary>Today when both are absent, one day when only <see cref="From"/> is given.</summary>
public sealed record PublishedScheduleQuery(string? From, string? To)
{
    public (DateOnly From, DateOnly To)? Read(DateOnly today, ValidationErrors errors)
    {
        var first = From is null ? today : FieldRules.Date(From, "from", errors);
        var last = To is null ? first : FieldRules.Date(To, "to", errors);
        if (first is null || last is null) return null;
        if (last < first) errors.Add("to", "to must be on or after from.");
        else if (last.Value.DayNumber - first.Value.DayNumber >= PublishedScheduleApi.MaxPeriodDays)
            errors.Add("to", $"At most {PublishedScheduleApi.MaxPeriodDays} days at a time.");
        return errors.Count > 0 ? null : (first.Value, last.Value);
    }
}
