using CallCentre.Hosting.Data;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace CallCentre.Hosting.Errors;

/// <summary>An unreadable body is a 400, a dependency down after retries a 503 with Retry-After, anything else a 500 without internals.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        switch (exception)
        {
            case BadHttpRequestException bad:
                problem = new ProblemDetails { Status = bad.StatusCode, Title = "The request could not be read.", Detail = Describe(bad) };
                break;
            case var e when TransientDatabaseErrors.IsTransient(e) || e is MassTransit.MassTransitException or OperationCanceledException && !context.RequestAborted.IsCancellationRequested:
                logger.LogWarning(exception, "A dependency is unavailable");
                problem = new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = "A dependency is unavailable; nothing was recorded. Try again." };
                context.Response.Headers.RetryAfter = "5";
                break;
            default:
                logger.LogError(exception, "Unhandled error on {Path}", context.Request.Path);
                problem = new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "An unexpected error occurred." };
                break;
        }
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    // The JSON reader's message names the field and position; it never echoes the value.
    private static string Describe(BadHttpRequestException bad) =>
        bad.InnerException is System.Text.Json.JsonException json ? $"Malformed JSON at {json.Path ?? "$"}: {json.Message.Split(". Path")[0]}." : bad.Message;
}
