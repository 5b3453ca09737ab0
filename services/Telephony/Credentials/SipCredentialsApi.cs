using System.Security.Claims;
using CallCentre.Hosting.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CallCentre.Telephony.Credentials;

internal static class SipCredentialsApi
{
    public static void MapSipCredentialsApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/telephony/sip-credentials", Get).WithTags("Telephony")
            .RequireAuthorization(p => p.RequireRole(Roles.Agent))
            .WithSummary("SIP credentials for the signed-in agent's phone or softphone: register as sip:<agentId>@<realm> with them until they expire.");

    internal static Results<Ok<SipCredentials>, ProblemHttpResult> Get(ClaimsPrincipal user, SipCredentialIssuer issuer, HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        return user.AgentId() is { Length: > 0 } agentId
            ? TypedResults.Ok(issuer.Issue(agentId))
            : TypedResults.Problem("The token names no agent.", statusCode: StatusCodes.Status403Forbidden);
    }
}
