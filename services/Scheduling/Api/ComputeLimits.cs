using CallCentre.Hosting.Errors;
using CallCentre.Hosting.Limits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCentre.Scheduling.Api;

/// <summary>A request over a cap is a 400 naming it.</summary>
public sealed class ComputeLimits
{
    public int MaxRequirementStarts { get; set; } = 92 * 96;

    public int MaxRequirementCells { get; set; } = 250_000;

    public int MaxForecastHistoryDays { get; set; } = 731;

    public int MaxForecastOverrides { get; set; } = 92 * 288;

    public int MaxExcludedDays { get; set; } = 366;

    public int MaxSolveAgentIntervals { get; set; } = 400_000;
}

public static class ComputeLimitsEndpoints
{
    public static RouteHandlerBuilder WithRequirementsLimits(this RouteHandlerBuilder endpoint) =>
        endpoint.WithBodyLimit(RequestBodyLimits.ComputeBodyBytes).RequireRateLimiting(ComputeConcurrency.Requirements)
            .AddEndpointFilter((context, next) => Check<RequirementsRequest>(context, next, (r, l, e) => r.CheckLimits(l, e)));

    public static RouteHandlerBuilder WithSeriesForecastLimits(this RouteHandlerBuilder endpoint) =>
        endpoint.WithBodyLimit(RequestBodyLimits.ComputeBodyBytes).RequireRateLimiting(ComputeConcurrency.Forecasts)
            .AddEndpointFilter((context, next) => Check<SeriesForecastRequest>(context, next, (r, l, e) => r.CheckLimits(l, e)));

    public static RouteHandlerBuilder WithQueueForecastLimits(this RouteHandlerBuilder endpoint) =>
        endpoint.RequireRateLimiting(ComputeConcurrency.Forecasts).AddEndpointFilter(async (context, next) =>
        {
            var errors = new ValidationErrors();
            QueueForecastQuery.CheckLimits(context.HttpContext.Request.Query["exclude"].Count, Limits(context.HttpContext), errors);
            return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : await next(context);
        });

    public static RouteHandlerBuilder WithRosterSolveLimits(this RouteHandlerBuilder endpoint) =>
        endpoint.WithBodyLimit(RequestBodyLimits.ComputeBodyBytes).RequireRateLimiting(ComputeConcurrency.RosterSolves)
            .AddEndpointFilter((context, next) => Check<ScheduleRequest>(context, next, (r, l, e) => r.CheckLimits(l, e)));

    private static ComputeLimits Limits(HttpContext context) => context.RequestServices.GetRequiredService<IOptions<ComputeLimits>>().Value;

    private static async ValueTask<object?> Check<TRequest>(EndpointFilterInvocationContext context, EndpointFilterDelegate next,
        Action<TRequest, ComputeLimits, ValidationErrors> check)
    {
        if (context.Arguments.OfType<TRequest>().FirstOrDefault() is { } request)
        {
            var errors = new ValidationErrors();
            check(request, Limits(context.HttpContext), errors);
            if (errors.Count > 0)
                return TypedResults.ValidationProblem(errors);
        }
        return await next(context);
    }
}
