using CallCentre.Hosting.Limits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static System.FormattableString;

namespace CallCentre.Scheduling.Api;

/// <summary>Caps on what one request to a compute endpoint may ask for, beyond each endpoint's own field rules (section
/// <c>Scheduling:Limits</c>). Each keeps the work and memory of a request bounded; each refusal is a 400 naming the field and the cap.</summary>
public sealed class ComputeLimits
{
    /// <summary>Distinct interval starts across the queues of a requirements request: 92 days of 15-minute intervals.</summary>
    public int MaxRequirementStarts { get; set; } = 92 * 96;

    /// <summary>Queues × distinct starts of a requirements request: every queue is staffed at every start.</summary>
    public int MaxRequirementCells { get; set; } = 250_000;

    /// <summary>Days from a series forecast's first history point to its last (the forecaster lays out every day in between).</summary>
    public int MaxForecastHistoryDays { get; set; } = 731;

    /// <summary>Overrides of a series forecast: every 5-minute interval of the longest horizon.</summary>
    public int MaxForecastOverrides { get; set; } = 92 * 288;

    /// <summary>Excluded days of a forecast (series or queue).</summary>
    public int MaxExcludedDays { get; set; } = 366;

    /// <summary>Agents × requirement intervals of a roster solve, the size of the solver's model.</summary>
    public int MaxSolveAgentIntervals { get; set; } = 400_000;
}

/// <summary>Wires the compute endpoints to their body cap, their concurrency policy and their <see cref="ComputeLimits"/>.</summary>
public static class ComputeLimitsEndpoints
{
    public static RouteHandlerBuilder WithRequirementsLimits(this RouteHandlerBuilder endpoint) =>
        endpoint.WithBodyLimit(RequestBodyLimits.ComputeBodyBytes).RequireRateLimiting(ComputeConcurrency.Requirements)
            .AddEndpointFilter((context, next) => Check(context, next, (RequirementsRequest r, ComputeLimits l, Dictionary<string, string[]> e) => Requirements(r, l, e)));

    public static RouteHandlerBuilder WithSeriesForecastLimits(this RouteHandlerBuilder endpoint) =>
        endpoint.WithBodyLimit(RequestBodyLimits.ComputeBodyBytes).RequireRateLimiting(ComputeConcurrency.Forecasts)
            .AddEndpointFilter((context, next) => Check(context, next, (SeriesForecastRequest r, ComputeLimits l, Dictionary<string, string[]> e) => SeriesForecast(r, l, e)));

    public static RouteHandlerBuilder WithQueueForecastLimits(this RouteHandlerBuilder endpoint) =>
        endpoint.RequireRateLimiting(ComputeConcurrency.Forecasts).AddEndpointFilter(async (context, next) =>
        {
            var limits = Limits(context.HttpContext);
            var excluded = context.HttpContext.Request.Query["exclude"].Count;
            return excluded > limits.MaxExcludedDays
                ? TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["exclude"] = [Invariant($"exclude names {excluded} days; at most {limits.MaxExcludedDays} are accepted.")],
                })
                : await next(context);
        });

    public static RouteHandlerBuilder WithRosterSolveLimits(this RouteHandlerBuilder endpoint) =>
        endpoint.WithBodyLimit(RequestBodyLimits.ComputeBodyBytes).RequireRateLimiting(ComputeConcurrency.RosterSolves)
            .AddEndpointFilter((context, next) => Check(context, next, (ScheduleRequest r, ComputeLimits l, Dictionary<string, string[]> e) => RosterSolve(r, l, e)));

    private static ComputeLimits Limits(HttpContext context) => context.RequestServices.GetRequiredService<IOptions<ComputeLimits>>().Value;

    private static async ValueTask<object?> Check<TRequest>(EndpointFilterInvocationContext context, EndpointFilterDelegate next,
        Action<TRequest, ComputeLimits, Dictionary<string, string[]>> check)
    {
        if (context.Arguments.OfType<TRequest>().FirstOrDefault() is { } request)
        {
            var errors = new Dictionary<string, string[]>();
            check(request, Limits(context.HttpContext), errors);
            if (errors.Count > 0)
                return TypedResults.ValidationProblem(errors);
        }
        return await next(context);
    }

    private static void Requirements(RequirementsRequest request, ComputeLimits limits, Dictionary<string, string[]> errors)
    {
        if (request.Queues is not { } queues)
            return;
        var starts = new HashSet<DateTime>();
        foreach (var queue in queues)
            foreach (var point in queue?.Forecast ?? [])
                if (point?.Start is { } start)
                    starts.Add(start);
        if (starts.Count > limits.MaxRequirementStarts)
            errors["queues"] = [Invariant($"The forecasts hold {starts.Count} distinct interval starts; at most {limits.MaxRequirementStarts} are accepted.")];
        else if ((long)starts.Count * queues.Count > limits.MaxRequirementCells)
            errors["queues"] = [Invariant($"{queues.Count} queues × {starts.Count} distinct starts is {(long)starts.Count * queues.Count} intervals to staff; at most {limits.MaxRequirementCells} are accepted.")];
    }

    private static void SeriesForecast(SeriesForecastRequest request, ComputeLimits limits, Dictionary<string, string[]> errors)
    {
        DateTime? first = null, last = null;
        foreach (var point in request.History ?? [])
            if (point?.Start is { } start)
            {
                if (first is null || start < first) first = start;
                if (last is null || start > last) last = start;
            }
        if (first is { } f && last is { } l && DateOnly.FromDateTime(l).DayNumber - DateOnly.FromDateTime(f).DayNumber + 1 is var days && days > limits.MaxForecastHistoryDays)
            errors["history"] = [Invariant($"The history spans {days} days; at most {limits.MaxForecastHistoryDays} are accepted.")];
        if (request.Overrides?.Count > limits.MaxForecastOverrides)
            errors["overrides"] = [Invariant($"overrides holds {request.Overrides.Count} points; at most {limits.MaxForecastOverrides} are accepted.")];
        if (request.ExcludeDays?.Count > limits.MaxExcludedDays)
            errors["excludeDays"] = [Invariant($"excludeDays names {request.ExcludeDays.Count} days; at most {limits.MaxExcludedDays} are accepted.")];
    }

    private static void RosterSolve(ScheduleRequest request, ComputeLimits limits, Dictionary<string, string[]> errors)
    {
        if (request.Agents is not { } agents || request.Requirement is not { } requirement)
            return;
        var intervals = requirement.Select(r => r?.Start).Where(s => s is not null).Distinct().Count();
        if ((long)agents.Count * intervals > limits.MaxSolveAgentIntervals)
            errors["agents"] = [Invariant($"{agents.Count} agents × {intervals} requirement intervals is {(long)agents.Count * intervals}; at most {limits.MaxSolveAgentIntervals} are accepted.")];
    }
}
