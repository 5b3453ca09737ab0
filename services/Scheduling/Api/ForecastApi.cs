using CallCentre.Hosting.Errors;
using CallCentre.Hosting.Auth;
using CallCentre.Scheduling.Forecasting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using static System.FormattableString;

namespace CallCentre.Scheduling.Api;

public sealed record ForecastCandidate(string Method, double? HoldoutWape, double? HoldoutMape);

/// <summary>The 80 % prediction interval is [<see cref="Low"/>, <see cref="High"/>].</summary>
public sealed record ForecastInterval(DateTime Start, double Calls, double Low, double High);

public sealed record SeriesForecastResponse(
    string Method,
    double? HoldoutWape,
    double? HoldoutMape,
    DateOnly HoldoutFrom,
    IReadOnlyList<ForecastCandidate> Candidates,
    IReadOnlyList<ForecastInterval> Forecast);

public static class ForecastApi
{
    public const double MaxCallsPerInterval = 1e9;

    public const int MaxHorizonDays = 92;

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
        if (request.Read(errors) is not { } question) return TypedResults.ValidationProblem(errors);
        var forecast = SeriesForecaster.Forecast(question.History, question.IntervalMinutes, question.From, question.To, question.Options);
        return TypedResults.Ok(new SeriesForecastResponse(
            forecast.Method.Name(),
            Round(forecast.Holdout.Wape),
            Round(forecast.Holdout.Mape),
            forecast.HoldoutFrom,
            CandidatesOf(forecast),
            [.. forecast.Forecast.Zip(forecast.Intervals, (p, i) => new ForecastInterval(p.Start, Math.Round(p.Calls, 3), i.Low, i.High))]));
    }

    internal static double? Round(double? value) => value is { } v ? Math.Round(v, 4) : null;

    internal static List<ForecastCandidate> CandidatesOf(SeriesForecast forecast) =>
        [.. forecast.Candidates.Select(c => new ForecastCandidate(c.Method.Name(), Round(c.Holdout.Wape), Round(c.Holdout.Mape)))];
}
