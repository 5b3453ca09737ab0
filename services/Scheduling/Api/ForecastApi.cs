using CallCentre.Hosting.Errors;
using CallCentre.Hosting.Auth;
using CallCentre.Scheduling.Forecasting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using static System.FormattableString;

namespace CallCentre.Scheduling.Api;

/// <summary>Calls in the interval starting at <see cref="Start"/>, a local wall-clock time without offset.</summary>
public sealed record ForecastPoint(DateTime? Start, double? Calls);

/// <summary>The intervals to forecast: those starting in [<see cref="From"/>, <see cref="To"/>), local wall-clock times.</summary>
public sealed record ForecastHorizon(DateTime? From, DateTime? To);

/// <summary>A forecast question: a queue's history of calls per interval and the horizon to forecast.</summary>
/// <param name="IntervalMinutes">5, 6, 10, 15, 30 or 60.</param>
/// <param name="History">Calls per interval; an interval absent is closed (the centre was shut), not zero.</param>
/// <param name="Horizon">What to forecast; it starts after the history ends.</param>
/// <param name="ExcludeDays">Special days (holidays, campaigns) the methods neither learn from nor are scored on.</param>
/// <param name="Overrides">Calls that replace the forecast of these intervals (or add closed ones).</param>
/// <param name="Method">"auto" (default: the lowest holdout WAPE but for the baselines) or a method's name (docs/forecasting.md).</param>
public sealed record SeriesForecastRequest(
    int? IntervalMinutes,
    IReadOnlyList<ForecastPoint?>? History,
    ForecastHorizon? Horizon,
    IReadOnlyList<DateOnly>? ExcludeDays = null,
    IReadOnlyList<ForecastPoint?>? Overrides = null,
    string? Method = null);

/// <summary>One method's error on the holdout week.</summary>
public sealed record ForecastCandidate(string Method, double? HoldoutWape, double? HoldoutMape);

/// <summary>A forecast interval: the expected calls and the 80 % prediction interval [<see cref="Low"/>, <see cref="High"/>].</summary>
public sealed record ForecastInterval(DateTime Start, double Calls, double Low, double High);

/// <summary>The chosen method's forecast of the open intervals in the horizon.</summary>
/// <param name="Method">The method used.</param>
/// <param name="HoldoutWape">Its WAPE on the holdout, Σ|F − A| / ΣA; null when the holdout had no calls.</param>
/// <param name="HoldoutMape">Its MAPE on the holdout, the mean of |F − A| / A over intervals with A &gt; 0.</param>
/// <param name="HoldoutFrom">The holdout is the history's last one to three weeks, from this day.</param>
/// <param name="Candidates">Every method tried.</param>
/// <param name="Forecast">Calls per open interval, in time order.</param>
public sealed record SeriesForecastResponse(
    string Method,
    double? HoldoutWape,
    double? HoldoutMape,
    DateOnly HoldoutFrom,
    IReadOnlyList<ForecastCandidate> Candidates,
    IReadOnlyList<ForecastInterval> Forecast);

/// <summary>Forecasts of calls per interval from a history the caller sends. Pure: no storage, no tenant data.</summary>
public static class ForecastApi
{
    /// <summary>No queue takes a billion calls in one interval; the cap keeps every sum finite.</summary>
    public const double MaxCallsPerInterval = 1e9;

    public const int MaxHorizonDays = 92;

    /// <summary>At most this many bad history points are named one by one.</summary>
    private const int MaxPointErrors = 10;

    public static IEndpointRouteBuilder MapForecastApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/forecasts/series", ForecastSeries).WithTags("Forecasting")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor))
            .WithSummary("Calls per open interval over the horizon, by the method (seasonal naive, Holt-Winters, weighted profile) with the lowest error on the history's last week.")
            .WithSeriesForecastLimits();
        return app;
    }

    public static Results<Ok<SeriesForecastResponse>, ValidationProblem> ForecastSeries(SeriesForecastRequest request)
    {
        var errors = new ValidationErrors();

        var width = request.IntervalMinutes;
        if (width is null) errors.Add("intervalMinutes", "intervalMinutes is required.");
        else if (!SeriesForecaster.IntervalWidths.Contains(width.Value))
        {
            errors.Add("intervalMinutes", $"intervalMinutes must be one of {string.Join(", ", SeriesForecaster.IntervalWidths)}.");
            width = null;   // the points' alignment cannot be checked against it
        }
        var method = ParseMethod(request.Method, errors);

        var history = new List<IntervalCount>();
        if (request.History is not { Count: > 0 })
            errors.Add("history", "history is required and must not be empty.");
        else if (request.History.Count > SeriesForecaster.MaxHistoryPoints)
            errors.Add("history", Invariant($"history holds {request.History.Count} points; at most {SeriesForecaster.MaxHistoryPoints} are accepted (about 23 months of 5-minute intervals around the clock)."));
        else
        {
            var bad = 0;
            for (var i = 0; i < request.History.Count && bad < MaxPointErrors; i++)
            {
                var before = errors.Count;
                if (CheckPoint(request.History[i], $"history[{i}]", width, errors.Add) is { } point) history.Add(point);
                if (errors.Count > before) bad++;
            }
        }

        DateTime? from = null, to = null;
        if (request.Horizon is not { } horizon) errors.Add("horizon", "horizon is required.");
        else
        {
            from = CheckTime(horizon.From, "horizon.from", errors.Add);
            to = CheckTime(horizon.To, "horizon.to", errors.Add);
            if (from is { } f && to is { } t)
            {
                if (t <= f) errors.Add("horizon.to", "horizon.to must be after horizon.from.");
                else if (t - f > TimeSpan.FromDays(MaxHorizonDays)) errors.Add("horizon.to", $"The horizon may span at most {MaxHorizonDays} days.");
            }
        }
        var excluded = new HashSet<DateOnly>(request.ExcludeDays ?? []);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

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
        for (var i = 0; i < (request.Overrides?.Count ?? 0); i++)
        {
            var field = $"overrides[{i}]";
            if (CheckPoint(request.Overrides![i], field, width, errors.Add) is not { } point) continue;
            if (point.Start < from || point.Start >= to) errors.Add($"{field}.start", $"{field}.start must lie in the horizon.");
            else overrides[point.Start] = point.Calls;
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var forecast = SeriesForecaster.Forecast(history, width.Value, from!.Value, to!.Value,
            new ForecastOptions(method, excluded, overrides));
        return TypedResults.Ok(new SeriesForecastResponse(
            forecast.Method.Name(),
            Round(forecast.Holdout.Wape),
            Round(forecast.Holdout.Mape),
            forecast.HoldoutFrom,
            CandidatesOf(forecast),
            [.. forecast.Forecast.Zip(forecast.Intervals, (p, i) => new ForecastInterval(p.Start, Math.Round(p.Calls, 3), i.Low, i.High))]));
    }

    /// <summary>An accuracy figure as the forecast endpoints answer it, to four decimals.</summary>
    internal static double? Round(double? value) => value is { } v ? Math.Round(v, 4) : null;

    internal static List<ForecastCandidate> CandidatesOf(SeriesForecast forecast) =>
        [.. forecast.Candidates.Select(c => new ForecastCandidate(c.Method.Name(), Round(c.Holdout.Wape), Round(c.Holdout.Mape)))];

    /// <summary>The method a request forces, null for "auto" (or none); an unknown name is an error on <c>method</c>.</summary>
    internal static ForecastMethod? ParseMethod(string? method, ValidationErrors errors)
    {
        if (method is null or "auto") return null;
        var parsed = ForecastMethods.Parse(method);
        if (parsed is null)
            errors.Add("method", $"method must be auto, {string.Join(", ", ForecastMethods.All.Select(m => m.Name()))}.");
        return parsed;
    }

    private static IntervalCount? CheckPoint(ForecastPoint? point, string field, int? width, Action<string, string> add)
    {
        if (point is null)
        {
            add(field, $"{field} must be an object with start and calls.");
            return null;
        }
        var start = CheckTime(point.Start, $"{field}.start", add);
        if (start is { } s && width is { } w && (s.Ticks % TimeSpan.TicksPerMinute != 0 || (int)s.TimeOfDay.TotalMinutes % w != 0))
        {
            add($"{field}.start", Invariant($"{field}.start {s:yyyy-MM-ddTHH:mm:ss} is not on a {w}-minute boundary."));
            start = null;
        }
        var calls = point.Calls;
        if (calls is null) add($"{field}.calls", $"{field}.calls is required.");
        else if (!(calls >= 0 && calls <= MaxCallsPerInterval))
            add($"{field}.calls", Invariant($"{field}.calls must be between 0 and {MaxCallsPerInterval:0e0}."));
        return start is { } t && calls is >= 0 and <= MaxCallsPerInterval ? new IntervalCount(t, calls.Value) : null;
    }

    private static DateTime? CheckTime(DateTime? time, string field, Action<string, string> add)
    {
        if (time is null) add(field, $"{field} is required.");
        else if (time.Value.Kind != DateTimeKind.Unspecified)
            add(field, $"{field} must be a local date-time without offset or Z (yyyy-MM-ddTHH:mm:ss).");
        else return time;
        return null;
    }
}
