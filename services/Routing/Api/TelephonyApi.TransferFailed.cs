using System.Security.Claims;
using CallCentre.Hosting.Auth;
using CallCentre.Routing.Engine;
using CallCentre.Routing.Loop;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallCentre.Routing.Api;

public static partial class TelephonyApi
{
    /// <summary><c>Reason</c>: the edge's own words for the failure, e.g. the SIP status the caller's side answered.</summary>
    public sealed record TransferFailedRequest(string? Reason);

    internal static async Task<Results<Ok<CallResponse>, ValidationProblem, NotFound, ProblemHttpResult>> TransferFailed(
        Guid callId, TransferFailedRequest? request, ClaimsPrincipal user, RoutingLoop routing)
    {
        var reason = string.IsNullOrWhiteSpace(request?.Reason) ? null : request.Reason.Trim();
        if (reason is { Length: > 64 })
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["The reason is at most 64 characters."] });
        var (outcome, view) = await routing.ExecuteAsync((e, now) =>
        {
            if (e.FindCall(callId) is not { } call || !user.CanAccessTenant(call.TenantId))
                return (RoutingOutcome.UnknownCall, (CallView?)null);
            var result = e.TransferFailed(callId, reason, now);
            return (result, e.FindCall(callId));
        });
        return outcome switch
        {
            RoutingOutcome.Ok => TypedResults.Ok(ToResponse(view!)),
            RoutingOutcome.InvalidState => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The call is not in a transfer.",
                detail: "Only a call transferred blind and not yet answered by anyone else can go back to the agent who transferred it."),
            RoutingOutcome.Unavailable => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: "The transferring agent cannot take the call back.",
                detail: "The agent who transferred the call is on another call, in a consult or logged out; the call stays where it is."),
            _ => TypedResults.NotFound(),
        };
    }
}
