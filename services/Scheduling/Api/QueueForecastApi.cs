using System.Globalization;
using System.Security.Claims;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Errors;
using CallCentre.Scheduling.Data;
using CallCentre.Scheduling.Forecasting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using static System.FormattableString;

namespace CallCentre.Scheduling.Api;

/// <summary>A forecast interval of a queue: its local wall-clock start, the same instant in UTC, calls and handle time.</summary>
public sealed record QueueForecastInterval(DateTime Start, DateTimeOffset StartUtc, double Calls, double? AhtSeconds);

/// <summary>A queue's forecast from the calls the module recorded.</summary>
/// <param name="HistoryFrom">First local day learnt from (the first recorded call's, or the requested history's start).</param>
/// <param name="AverageHandleSeconds">The recorded history's average handle time (talk + wrap-up), null when no call completed.</param>
public sealed record QueueForecastResponse(
    string QueueId,
    string TenantId,
    string TimeZone,
    int IntervalMinutes,
    DateOnly HistoryFrom,
    DateOnly HistoryTo,
    string Method,
    double? HoldoutWape,
    double? HoldoutMape,
    DateOnly HoldoutFrom,
    IReadOnlyList<ForecastCandidate> Candidates,
    double? AverageHandleSeconds,
    IReadOnlyList<QueueForecastInterval> Forecast);

/// <summary>Forecasts of a queue's calls and handle time per interval, learnt from the volumes this module records from
/// Routing's call events, in the tenant's time zone.</summary>
public static class QueueForecastApi
{
    public const int DefaultHistoryDays = 91;
    public const int MaxHistoryDays = 400;
    public const int DefaultHorizonDays = 7;

    public static IEndpointRouteBuilder MapQueueForecastApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/forecasts/queues/{queueId}", ForecastQueue).WithTags("Forecasting")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor))
            .WithSummary("A queue's calls and average handle time per interval over [from, to) (local days, a week from tomorrow by default), " +
                         "forecast from its recorded calls by the method with the lowest error on the history's last week.")
            .WithQueueForecastLimits();
        return app;
    }

    internal static async Task<Results<Ok<QueueForecastResponse>, NotFound, ValidationProblem>> ForecastQueue(
        string queueId, string? from, string? to, int? intervalMinutes, int? historyDays, string? method, string[]? exclude,
        ClaimsPrincipal user, CentreDefinition centre, VolumeStore store, TimeProvider time, CancellationToken ct)
    {
        var queue = centre.FindQueue(queueId);
        if (queue is null || !user.CanAccessTenant(queue.TenantId) || centre.FindTenant(queue.TenantId) is not { } tenant)
            return TypedResults.NotFound();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(tenant.TimeZone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);

        var errors = new ValidationErrors();
        var width = intervalMinutes ?? 15;
        if (!RecordedHistory.IntervalWidths.Contains(width))
            errors.Add("intervalMinutes", $"intervalMinutes must be one of {string.Join(", ", RecordedHistory.IntervalWidths)}.");
        var days = historyDays ?? DefaultHistoryDays;
        if (days is < SeriesForecaster.MinimumHistoryDays or > MaxHistoryDays)
            errors.Add("historyDays", Invariant($"historyDays must be between {SeriesForecaster.MinimumHistoryDays} and {MaxHistoryDays}."));
        var first = ParseDay(from, "from", errors) ?? today.AddDays(1);
        var end = ParseDay(to, "to", errors) ?? first.AddDays(DefaultHorizonDays);
        if (end <= first) errors.Add("to", "to must be after from (days, to exclusive).");
        else if (end.DayNumber - first.DayNumber > ForecastApi.MaxHorizonDays)
            errors.Add("to", $"The horizon may span at most {ForecastApi.MaxHorizonDays} days.");
        var forced = ForecastApi.ParseMethod(method, errors);
        var excluded = new HashSet<DateOnly>();
        foreach (var day in exclude ?? [])
            if (ParseDay(day, "exclude", errors) is { } d) excluded.Add(d);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var historyTo = first.AddDays(-1);
        var historyFrom = first.AddDays(-days);
        var recordedSince = await store.FirstArrivalAsync(queue.TenantId, queue.Id, ct);
        if (recordedSince is { } since && DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(since, zone).DateTime) is var sinceDay && sinceDay > historyFrom)
            historyFrom = sinceDay;
        var span = historyTo.DayNumber - historyFrom.DayNumber + 1;
        if (recordedSince is null || span < SeriesForecaster.MinimumHistoryDays)
        {
            errors.Add("history", recordedSince is null
                ? $"No call has been recorded for queue {queue.Id} yet; a forecast needs {SeriesForecaster.MinimumHistoryDays} days of history."
                : Invariant($"Queue {queue.Id} has recorded calls since {historyFrom:yyyy-MM-dd}: {Math.Max(0, span)} days before {first:yyyy-MM-dd}; a forecast needs {SeriesForecaster.MinimumHistoryDays} (two weeks to learn from, one to test on)."));
            return TypedResults.ValidationProblem(errors);
        }

        var rows = await store.VolumesAsync(queue.TenantId, queue.Id, UtcStart(historyFrom, zone), UtcStart(first, zone), 15, ct);
        var quarters = rows.Select(r => new RecordedQuarter(DateTimeOffset.FromUnixTimeMilliseconds(r.IntervalStart), r.Calls, r.HandleSeconds, r.Handled));
        var history = RecordedHistory.Build(quarters, zone, width, historyFrom, historyTo, start => IsOpen(queue, start, width));
        if (history.Calls.All(p => excluded.Contains(DateOnly.FromDateTime(p.Start))))
        {
            errors.Add("exclude", "exclude leaves no history to learn from.");
            return TypedResults.ValidationProblem(errors);
        }

        var horizonFrom = first.ToDateTime(TimeOnly.MinValue);
        var forecast = SeriesForecaster.Forecast(history.Calls, width, horizonFrom, end.ToDateTime(TimeOnly.MinValue),
            new ForecastOptions(forced, excluded));
        var points = forecast.Forecast.Where(p => !zone.IsInvalidTime(p.Start)).ToList();
        var aht = HandleTimeForecast.Forecast(history.HandleTimes, horizonFrom, [.. points.Select(p => p.Start)]);
        var handled = history.HandleTimes.Sum(h => h.Handled);
        return TypedResults.Ok(new QueueForecastResponse(
            queue.Id, queue.TenantId, tenant.TimeZone, width, historyFrom, historyTo,
            forecast.Method.Name(), ForecastApi.Round(forecast.Holdout.Wape), ForecastApi.Round(forecast.Holdout.Mape), forecast.HoldoutFrom,
            ForecastApi.CandidatesOf(forecast),
            handled > 0 ? Math.Round(history.HandleTimes.Sum(h => h.Seconds) / handled, 1) : null,
            [.. points.Select((p, i) => new QueueForecastInterval(p.Start, ToUtc(p.Start, zone), Math.Round(p.Calls, 3),
                aht is null ? null : Math.Round(aht[i], 1)))]));
    }

    /// <summary>Whether any part of the interval [start, start + width) lies in the queue's weekly opening hours (always, without any).</summary>
    private static bool IsOpen(QueueDefinition queue, DateTime start, int width)
    {
        if (queue.OpeningHours.Count == 0) return true;
        var from = TimeOnly.FromDateTime(start);
        var to = from.AddMinutes(width);
        var lastOfDay = to <= from;   // the day's last interval ends at midnight
        foreach (var w in queue.OpeningHours)
            if (w.Day == start.DayOfWeek && w.From < (lastOfDay ? TimeOnly.MaxValue : to) && from < w.To)
                return true;
        return false;
    }

    private static DateOnly? ParseDay(string? value, string field, ValidationErrors errors)
    {
        if (value is null) return null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            if (DateBounds.Contains(day)) return day;
            errors.Add(field, DateBounds.Message(field));
            return null;
        }
        errors.Add(field, $"{field} must be a date, yyyy-MM-dd (got '{value}').");
        return null;
    }

    private static DateTimeOffset UtcStart(DateOnly day, TimeZoneInfo zone) => ToUtc(day.ToDateTime(TimeOnly.MinValue), zone);

    /// <summary>The instant of a local time; a repeated (ambiguous) time is its first pass, a skipped one is read after the jump.</summary>
    private static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        if (zone.IsInvalidTime(local)) local = local.AddHours(1);
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offset).ToUniversalTime();
    }
}
