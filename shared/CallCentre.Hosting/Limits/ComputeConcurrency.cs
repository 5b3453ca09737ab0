using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallCentre.Hosting.Limits;

/// <summary>A caller finding every slot taken gets 429 with Retry-After rather than queueing work that would starve the process.</summary>
public static class ComputeConcurrency
{
    public const string Requirements = "requirements";

    public const string Forecasts = "forecasts";

    public const string RosterSolves = "roster-solves";

    internal static void AddComputeConcurrency(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Limits").Get<RequestLimitsOptions>() ?? new RequestLimitsOptions();
        builder.Services.AddRateLimiter(limiter =>
        {
            // One shared slot pool per policy in the process (a constant partition key), no queue.
            limiter.AddPolicy(Requirements, _ => Slots(Requirements, options.ConcurrentRequirements));
            limiter.AddPolicy(Forecasts, _ => Slots(Forecasts, options.ConcurrentForecasts));
            limiter.AddPolicy(RosterSolves, _ => Slots(RosterSolves, options.ConcurrentRosterSolves));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many of these computations are running; try again shortly.",
                        Detail = $"Retry after {options.RetryAfterSeconds} seconds.",
                    },
                });
            };
        });
    }

    private static RateLimitPartition<string> Slots(string policy, int permits) =>
        RateLimitPartition.GetConcurrencyLimiter(policy, _ => new ConcurrencyLimiterOptions { PermitLimit = permits, QueueLimit = 0 });
}
