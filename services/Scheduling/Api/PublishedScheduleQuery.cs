using CallCentre.Hosting.Errors;

namespace CallCentre.Scheduling.Api;

/// <summary>The query of <c>GET /api/schedules/published</c> and <c>/me</c>: the centre's days [<see cref="From"/>, <see cref="To"/>],
/// yyyy-MM-dd; today when both are absent, one day when only <see cref="From"/> is given.</summary>
public sealed record PublishedScheduleQuery(string? From, string? To)
{
    /// <summary>The period, at most <see cref="PublishedScheduleApi.MaxPeriodDays"/> days, or null with <paramref name="errors"/> filled.</summary>
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
