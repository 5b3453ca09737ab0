using CallCentre.Hosting.Errors;
using CallCentre.Scheduling.Forecasting;
using static System.FormattableString;

namespace CallCentre.Scheduling.Api;

public sealed record QueueForecastQuery(string? From, string? To, int? IntervalMinutes, int? HistoryDays, string? Method, string[]? Exclude)
{
    /// <summary>The horizon is a week from tomorrow by default.</summary>
    public QueueForecastQuestion? Read(DateOnly today, ValidationErrors errors)
    {
        var width = IntervalMinutes ?? 15;
        if (!RecordedHistory.IntervalWidths.Contains(width))
            errors.Add("intervalMinutes", $"intervalMinutes must be one of {string.Join(", ", RecordedHistory.IntervalWidths)}.");
        var days = HistoryDays ?? QueueForecastApi.DefaultHistoryDays;
        if (days is < SeriesForecaster.MinimumHistoryDays or > QueueForecastApi.MaxHistoryDays)
            errors.Add("historyDays", Invariant($"historyDays must be between {SeriesForecaster.MinimumHistoryDays} and {QueueForecastApi.MaxHistoryDays}."));
        var first = Day(From, "from", errors) ?? today.AddDays(1);
        var end = Day(To, "to", errors) ?? first.AddDays(QueueForecastApi.DefaultHorizonDays);
        if (end <= first) errors.Add("to", "to must be after from (days, to exclusive).");
        else if (end.DayNumber - first.DayNumber > ForecastApi.MaxHorizonDays)
            errors.Add("to", $"The horizon may span at most {ForecastApi.MaxHorizonDays} days.");
        var forced = FieldRules.Method(Method, errors);
        var excluded = new HashSet<DateOnly>();
        foreach (var day in Exclude ?? [])
            if (Day(day, "exclude", errors) is { } d) excluded.Add(d);
        return errors.Count > 0 ? null : new QueueForecastQuestion(width, days, first, end, forced, excluded);
    }

    public static void CheckLimits(int excludedDays, ComputeLimits limits, ValidationErrors errors)
    {
        if (excludedDays > limits.MaxExcludedDays)
            errors.Add("exclude", Invariant($"exclude names {excludedDays} days; at most {limits.MaxExcludedDays} are accepted."));
    }

    private static DateOnly? Day(string? value, string field, ValidationErrors errors) =>
        value is null ? null : FieldRules.Date(value, field, errors, echo: true);
}

public sealed record QueueForecastQuestion(int IntervalMinutes, int HistoryDays, DateOnly First, DateOnly End, ForecastMethod? Method,
    HashSet<DateOnly> Excluded);
