using System.Globalization;
using CallCentre.Hosting.Centre;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace CallCentre.Hosting.Auth;

public static class AuthApi
{
    public sealed record TokenRequest(string? Username, string? Password);
    public sealed record RefreshRequest(string? RefreshToken);
    public sealed record TokenResponse(string AccessToken, int ExpiresIn, string TokenType, string RefreshToken, int RefreshExpiresIn);
    public sealed record TenantResponse(string Id, string Name, string TimeZone, string Language);

    public const int LoggedNameLength = 64;

    /// <summary>The public keys, on every process of the embedded mode; sign-in and refresh where this process signs.</summary>
    public static void MapTokenApi(this IEndpointRouteBuilder app, SigningKeys keys)
    {
        app.MapGet("/.well-known/jwks.json", () => Results.Text(keys.Jwks, "application/json")).AllowAnonymous().WithTags("Auth")
            .WithSummary("The public keys (JWKS) the embedded issuer's tokens are checked against.");
        if (keys.Signer is null)
            return;
        app.MapPost("/api/auth/token", IssueToken).AllowAnonymous().WithTags("Auth")
            .WithSummary("Exchanges a user's name and password for an access token and a refresh token (embedded issuer only).");
        app.MapPost("/api/auth/refresh", Refresh).AllowAnonymous().WithTags("Auth")
            .WithSummary("Exchanges a refresh token for a new access token and refresh token, while the user still exists.");
    }

    public static void MapTenantApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/tenants", (CentreDefinition centre, System.Security.Claims.ClaimsPrincipal user) =>
                TypedResults.Ok(centre.Tenants.Where(t => user.CanAccessTenant(t.Id))
                    .Select(t => new TenantResponse(t.Id, t.Name, t.TimeZone, t.Language)).ToList()))
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor, Roles.Client)).WithTags("Tenants")
            .WithSummary("The client companies the caller is granted, with their time zone and language (an admin: every one; a client: its own).");

    internal static Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult> IssueToken(
        TokenRequest? request, HttpContext context, DemoUserStore users, TokenIssuer issuer, SignInLimiter limiter, ILoggerFactory loggers)
    {
        if (limiter.Attempt(ClientAddress(context)) is { } wait)
            return TooMany(context, wait, "Too many sign-in attempts from this address.");
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request?.Username)) errors["username"] = ["The username is required."];
        if (string.IsNullOrEmpty(request?.Password)) errors["password"] = ["The password is required."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var name = request!.Username!.Length > 256 ? request.Username[..256] : request.Username;
        if (limiter.Blocked(name) is { } userWait)
            return TooMany(context, userWait, "Too many failed sign-ins for this user name.");
        var user = users.Verify(name, request.Password!);
        if (user is null)
        {
            limiter.Failed(name);
            loggers.CreateLogger("CallCentre.Auth").LogWarning("Refused a token to {User}", ForLog(request.Username));
            return TypedResults.Problem(title: "Unknown user or wrong password.", statusCode: StatusCodes.Status401Unauthorized);
        }
        return TypedResults.Ok(Pair(issuer, user));
    }

    internal static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> Refresh(
        RefreshRequest? request, HttpContext context, DemoUserStore users, TokenIssuer issuer, SignInLimiter limiter)
    {
        if (limiter.Attempt(ClientAddress(context)) is { } wait)
            return TooMany(context, wait, "Too many sign-in attempts from this address.");
        if (string.IsNullOrWhiteSpace(request?.RefreshToken))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["refreshToken"] = ["The refresh token is required."] });
        var subject = request.RefreshToken.Length > 8192 ? null : await issuer.ReadRefreshAsync(request.RefreshToken);
        var user = subject is null ? null : users.Find(subject);
        if (user is null)
            return TypedResults.Problem(title: "The refresh token is invalid or expired, or its user is gone: sign in again.",
                statusCode: StatusCodes.Status401Unauthorized);
        return TypedResults.Ok(Pair(issuer, user));
    }

    public static string ForLog(string value)
    {
        var cut = value.Length > LoggedNameLength ? value[..LoggedNameLength] : value;
        var safe = string.Concat(cut.Select(c => char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate ? '?' : c));
        return value.Length > LoggedNameLength ? safe + "…" : safe;
    }

    private static TokenResponse Pair(TokenIssuer issuer, DemoUser user) => new(
        issuer.Issue(user.UserName, user.Claims), (int)issuer.Lifetime.TotalSeconds, "Bearer",
        issuer.IssueRefresh(user.UserName), (int)issuer.RefreshLifetime.TotalSeconds);

    private static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static ProblemHttpResult TooMany(HttpContext context, TimeSpan wait, string title)
    {
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(title: title, detail: $"Try again in {(int)Math.Ceiling(wait.TotalSeconds)} s.",
            statusCode: StatusCodes.Status429TooManyRequests);
    }
}
