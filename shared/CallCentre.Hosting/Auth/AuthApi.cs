using CallCentre.Hosting.Centre;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace CallCentre.Hosting.Auth;

/// <summary>The embedded token endpoint and the tenant list.</summary>
public static class AuthApi
{
    public sealed record TokenRequest(string? Username, string? Password);
    public sealed record TokenResponse(string AccessToken, int ExpiresIn, string TokenType);
    public sealed record TenantResponse(string Id, string Name, string TimeZone, string Language);

    public static void MapDemoTokenApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/auth/token", IssueToken).AllowAnonymous().WithTags("Auth")
            .WithSummary("Exchanges a demo user's name and password for a bearer token (embedded issuer only).");

    public static void MapTenantApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/tenants", (CentreDefinition centre, System.Security.Claims.ClaimsPrincipal user) =>
                TypedResults.Ok(centre.Tenants.Where(t => user.CanAccessTenant(t.Id))
                    .Select(t => new TenantResponse(t.Id, t.Name, t.TimeZone, t.Language)).ToList()))
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor, Roles.Client)).WithTags("Tenants")
            .WithSummary("The client companies the caller is granted, with their time zone and language (an admin: every one; a client: its own).");

    internal static Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult> IssueToken(
        TokenRequest? request, DemoUserStore users, TokenIssuer issuer, ILoggerFactory loggers)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request?.Username)) errors["username"] = ["The username is required."];
        if (string.IsNullOrEmpty(request?.Password)) errors["password"] = ["The password is required."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var user = users.Verify(request!.Username!, request.Password!);
        if (user is null)
        {
            loggers.CreateLogger("CallCentre.Auth").LogWarning("Refused a token to {User}", request.Username);
            return TypedResults.Problem(title: "Unknown user or wrong password.", statusCode: StatusCodes.Status401Unauthorized);
        }
        return TypedResults.Ok(new TokenResponse(issuer.Issue(user.UserName, user.Claims), (int)issuer.Lifetime.TotalSeconds, "Bearer"));
    }
}
