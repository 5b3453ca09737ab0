using System.Security.Claims;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Calendars;
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

public sealed record QueueForecastInterval(DateTime Start, DateTimeOffset StartUtc, double Calls, double? AhtSeconds);

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
        ClaimsPrincipal user, CentreDefinition centre, VolumeStore store, QueueHistoryReader reader, TimeProvider time, CancellationToken ct)
    {
        var queue = centre.FindQueue(queueId);
        if (queue is null || !user.CanAccessTenant(queue.TenantId) || centre.FindTenant(queue.TenantId) is not { } tenant)
            return TypedResults.NotFound();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(tenant.TimeZone);
        var errors = new ValidationErrors();
        if (new QueueForecastQuery(from, to, intervalMinutes, historyDays, method, exclude).Read(QueueCalendar.DateOf(time.GetUtcNow(), zone), errors)
            is not { } question)
            return TypedResults.ValidationProblem(errors);
        var width = question.IntervalMinutes;

        var recordedSince = await store.FirstArrivalAsync(queue.TenantId, queue.Id, ct);
        var (historyFrom, historyTo) = QueueCalendar.HistoryWindow(question.First, question.HistoryDays,
            recordedSince is { } since ? QueueCalendar.DateOf(since, zone) : null);
        var span = historyTo.DayNumber - historyFrom.DayNumber + 1;
        if (recordedSince is null || span < SeriesForecaster.MinimumHistoryDays)
        {
            errors.Add("history", recordedSince is null
                ? $"No call has been recorded for queue {queue.Id} yet; a forecast needs {SeriesForecaster.MinimumHistoryDays} days of history."
                : Invariant($"Queue {queue.Id} has recorded calls since {historyFrom:yyyy-MM-dd}: {Math.Max(0, span)} days before {question.First:yyyy-MM-dd}; a forecast needs {SeriesForecaster.MinimumHistoryDays} (two weeks to learn from, one to test on)."));
            return TypedResults.ValidationProblem(errors);
        }

        var history = await reader.ReadAsync(queue, zone, width, historyFrom, historyTo, ct);
        var calendar = TenantCalendar.Of(tenant);
        var excluded = CalendarForecast.DaysNotToLearn(calendar, historyFrom, historyTo, question.Excluded);
        if (history.Calls.All(p => excluded.Contains(DateOnly.FromDateTime(p.Start))))
        {
            errors.Add("exclude", "exclude leaves no history to learn from.");
            return TypedResults.ValidationProblem(errors);
        }

        var horizonFrom = question.First.ToDateTime(TimeOnly.MinValue);
        var forecast = SeriesForecaster.Forecast(history.Calls, width, horizonFrom, question.End.ToDateTime(TimeOnly.MinValue),
            new ForecastOptions(question.Method, excluded, ClosedDays: CalendarForecast.ClosedDays(calendar, historyFrom, question.End),
                DaysLike: CalendarForecast.DaysLike(calendar, question.First, question.End)));
        var points = forecast.Forecast.Where(p => !zone.IsInvalidTime(p.Start)).Select(p => CalendarForecast.Expected(calendar, p, width)).ToList();
        var aht = HandleTimeForecast.Forecast(history.HandleTimes, horizonFrom, [.. points.Select(p => p.Start)]);
        var handled = history.HandleTimes.Sum(h => h.Handled);
        return TypedResults.Ok(new QueueForecastResponse(
            queue.Id, queue.TenantId, tenant.TimeZone, width, historyFrom, historyTo,
            forecast.Method.Name(), ForecastApi.Round(forecast.Holdout.Wape), ForecastApi.Round(forecast.Holdout.Mape), forecast.HoldoutFrom,
            ForecastApi.CandidatesOf(forecast),
            handled > 0 ? Math.Round(history.HandleTimes.Sum(h => h.Seconds) / handled, 1) : null,
            [.. points.Select((p, i) => new QueueForecastInterval(p.Start, QueueCalendar.ToUtc(p.Start, zone), Math.Round(p.Calls, 3),
                aht is null ? null : Math.Round(aht[i], 1)))]));
    }
}
