using CallCentre.Hosting.Errors;
using CallCentre.Scheduling.Forecasting;
using static System.FormattableString;

namespace CallCentre.Scheduling.Api;

public sealed record ForecastPoint(DateTime? Start, double? Calls);

public sealed record ForecastHorizon(DateTime? From, DateTime? To);

/// <param name="History">An interval absent is closed (the centre was shut), not zero.</param>
public sealed record SeriesForecastRequest(
    int? IntervalMinutes,
    IReadOnlyList<ForecastPoint?>? History,
    ForecastHorizon? Horizon,
    IReadOnlyList<DateOnly>? ExcludeDays = null,
    IReadOnlyList<ForecastPoint?>? Overrides = null,
    string? Method = null) {
    private const int MaxPointErrors = 10;

    public SeriesForecastQuestion? Read(ValidationErrors errors)
    {
        var width = IntervalMinutes;
        if (width is null) errors.Add("intervalMinutes", "intervalMinutes is required.");
        else if (!SeriesForecaster.IntervalWidths.Contains(width.Value))
        {
            errors.Add("intervalMinutes", $"intervalMinutes must be one of {string.Join(", ", SeriesForecaster.IntervalWidths)}.");
            width = null;   // the points' alignment cannot be checked against it
        }
        var method = FieldRules.Method(Method, errors);

        var history = new List<IntervalCount>();
        if (History is not { Count: > 0 })
            errors.Add("history", "history is required and must not be empty.");
        else if (History.Count > SeriesForecaster.MaxHistoryPoints)
            errors.Add("history", Invariant($"history holds {History.Count} points; at most {SeriesForecaster.MaxHistoryPoints} are accepted (about 23 months of 5-minute intervals around the clock)."));
        else
        {
            var bad = 0;
            for (var i = 0; i < History.Count && bad < MaxPointErrors; i++)
            {
                var before = errors.Count;
                if (ReadPoint(History[i], $"history[{i}]", width, errors) is { } point) history.Add(point);
                if (errors.Count > before) bad++;
            }
        }

        DateTime? from = null, to = null;
        if (Horizon is not { } horizon) errors.Add("horizon", "horizon is required.");
        else
        {
            from = FieldRules.LocalTime(horizon.From, "horizon.from", errors);
            to = FieldRules.LocalTime(horizon.To, "horizon.to", errors);
            if (from is { } f && to is { } t)
            {
                if (t <= f) errors.Add("horizon.to", "horizon.to must be after horizon.from.");
                else if (t - f > TimeSpan.FromDays(ForecastApi.MaxHorizonDays)) errors.Add("horizon.to", $"The horizon may span at most {ForecastApi.MaxHorizonDays} days.");
            }
        }
        var excluded = new HashSet<DateOnly>(ExcludeDays ?? []);
        if (errors.Count > 0) return null;

        var firstDay = DateOnly.FromDateTime(history.Min(p => p.Start));
        var lastStart = history.Max(p => p.Start);
        var span = DateOnly.FromDateTime(lastStart).DayNumber - firstDay.DayNumber + 1;
        if (span < SeriesForecaster.MinimumHistoryDays)
            errors.Add("history", Invariant($"The history must span at least {SeriesForecaster.MinimumHistoryDays} days (two weeks to learn from, then {SeriesForecaster.HoldoutDays} days to test the methods on); it spans {span}."));
        else if (history.All(p => excluded.Contains(DateOnly.FromDateTime(p.Start))))
            errors.Add("excludeDays", "excludeDays leaves no history to learn from.");
        var historyEnd = lastStart.AddMinutes(width!.Value);
        if (from < historyEnd)
            errors.Add("horizon.from", Invariant($"horizon.from must not be before the end of the history, {historyEnd:yyyy-MM-ddTHH:mm:ss}."));

        var overrides = new Dictionary<DateTime, double>();
        for (var i = 0; i < (Overrides?.Count ?? 0); i++)
        {
            var field = $"overrides[{i}]";
            if (ReadPoint(Overrides![i], field, width, errors) is not { } point) continue;
            if (point.Start < from || point.Start >= to) errors.Add($"{field}.start", $"{field}.start must lie in the horizon.");
            else overrides[point.Start] = point.Calls;
        }
        return errors.Count > 0 ? null : new SeriesForecastQuestion(history, width.Value, from!.Value, to!.Value, new ForecastOptions(method, excluded, overrides));
    }

    public void CheckLimits(ComputeLimits limits, ValidationErrors errors)
    {
        DateTime? first = null, last = null;
        foreach (var point in History ?? [])
            if (point?.Start is { } start)
            {
                if (first is null || start < first) first = start;
                if (last is null || start > last) last = start;
            }
        if (first is { } f && last is { } l && DateOnly.FromDateTime(l).DayNumber - DateOnly.FromDateTime(f).DayNumber + 1 is var days && days > limits.MaxForecastHistoryDays)
            errors.Add("history", Invariant($"The history spans {days} days; at most {limits.MaxForecastHistoryDays} are accepted."));
        if (Overrides?.Count > limits.MaxForecastOverrides)
            errors.Add("overrides", Invariant($"overrides holds {Overrides.Count} points; at most {limits.MaxForecastOverrides} are accepted."));
        if (ExcludeDays?.Count > limits.MaxExcludedDays)
            errors.Add("excludeDays", Invariant($"excludeDays names {ExcludeDays.Count} days; at most {limits.MaxExcludedDays} are accepted."));
    }

    private static IntervalCount? ReadPoint(ForecastPoint? point, string field, int? width, ValidationErrors errors)
    {
        if (point is null)
        {
            errors.Add(field, $"{field} must be an object with start and calls.");
            return null;
        }
        var start = FieldRules.LocalTime(point.Start, $"{field}.start", errors);
        if (start is { } s && width is { } w && !FieldRules.OnBoundary(s, w))
        {
            errors.Add($"{field}.start", FieldRules.OffBoundary($"{field}.start", s, w));
            start = null;
        }
        var calls = point.Calls;
        if (calls is null) errors.Add($"{field}.calls", $"{field}.calls is required.");
        else if (!(calls >= 0 && calls <= ForecastApi.MaxCallsPerInterval))
            errors.Add($"{field}.calls", Invariant($"{field}.calls must be between 0 and {ForecastApi.MaxCallsPerInterval:0e0}."));
        return start is { } t && calls is >= 0 and <= ForecastApi.MaxCallsPerInterval ? new IntervalCount(t, calls.Value) : null;
    }
}

public sealed record SeriesForecastQuestion(List<IntervalCount> History, int IntervalMinutes, DateTime From, DateTime To, ForecastOptions Options);
