using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Serialization;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.SlaTracking.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CallCentre.SlaTracking.Api;

/// <summary>Machine access for client systems: OAuth2 client credentials (RFC 6749 §4.4) per tenant, registered by an admin, that
/// buy a client token with the <c>reports</c> scope.</summary>
internal static class ReportClientApi
{
    public const int MaxNameLength = 100;

    public sealed record ClientRequest(string? Name);

    public sealed record RegisteredClient(string ClientId, string ClientSecret, string TenantId, string Name, string TokenEndpoint, string Scope,
        DateTimeOffset CreatedAt);

    /// <summary>RFC 6749 §5.1's names.</summary>
    public sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("token_type")] string TokenType,
        [property: JsonPropertyName("expires_in")] int ExpiresIn,
        [property: JsonPropertyName("scope")] string Scope);

    public static void MapReportClientApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/tenants/{tenantId}/report-clients").WithTags("Report clients (OAuth2)")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin));
        group.MapPost("/", Register)
            .WithSummary("Registers a client system of the tenant; the answer shows its secret, once (only a hash is kept).");
        group.MapGet("/", List).WithSummary("The tenant's client systems, without secrets, revoked ones with when.");
        group.MapDelete("/{clientId}", Revoke)
            .WithSummary("Revokes a client: no new token, and its tokens already issued are refused (401). Idempotent: 204 either way.");
        if (app.ServiceProvider.GetService<TokenIssuer>() is not null)
            app.MapPost("/oauth/token", IssueToken).AllowAnonymous().WithTags("Auth").DisableAntiforgery()
                .WithSummary("OAuth2 client credentials grant (RFC 6749 §4.4): a form with grant_type=client_credentials, the client's id " +
                             "and secret by HTTP Basic or as client_id and client_secret; scope absent or reports. Answers a bearer token " +
                             "of the client role for the client's tenant, reaching only the tenant's report reads.");
    }

    /// <summary>Report reads a client system may call with its token; one whose client was revoked since is refused.</summary>
    public static TBuilder AllowReportClients<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AllowScope(TokenScopes.Reports).AddEndpointFilter(async (context, next) =>
        {
            if (context.HttpContext.User.ClientId() is { } clientId
                && !await context.HttpContext.RequestServices.GetRequiredService<ReportClientStore>().IsActiveAsync(clientId, context.HttpContext.RequestAborted))
                return TypedResults.Problem(title: "This client has been revoked.", statusCode: StatusCodes.Status401Unauthorized);
            return await next(context);
        });

    internal static async Task<Results<Created<RegisteredClient>, NotFound, ValidationProblem>> Register(string tenantId, ClientRequest? request,
        ClaimsPrincipal user, CentreDefinition centre, ReportClientStore clients, TimeProvider time, CancellationToken ct)
    {
        if (centre.FindTenant(tenantId) is not { } tenant || !user.CanAccessTenant(tenant.Id))
            return TypedResults.NotFound();
        var name = request?.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name.Any(char.IsControl))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["name"] = [$"The name (which system this is) is required, 1 to {MaxNameLength} characters."],
            });
        var (client, secret) = await clients.CreateAsync(tenant.Id, name, user.Subject(), time.GetUtcNow(), ct);
        return TypedResults.Created($"/api/admin/tenants/{tenant.Id}/report-clients",
            new RegisteredClient(client.ClientId, secret, tenant.Id, client.Name, "/oauth/token", TokenScopes.Reports, client.CreatedAt));
    }

    internal static async Task<Results<Ok<IReadOnlyList<ReportClient>>, NotFound>> List(string tenantId, ClaimsPrincipal user, CentreDefinition centre,
        ReportClientStore clients, CancellationToken ct)
    {
        if (centre.FindTenant(tenantId) is not { } tenant || !user.CanAccessTenant(tenant.Id))
            return TypedResults.NotFound();
        return TypedResults.Ok(await clients.ListAsync(tenant.Id, ct));
    }

    internal static async Task<Results<NoContent, NotFound>> Revoke(string tenantId, string clientId, ClaimsPrincipal user, CentreDefinition centre,
        ReportClientStore clients, TimeProvider time, CancellationToken ct)
    {
        if (centre.FindTenant(tenantId) is not { } tenant || !user.CanAccessTenant(tenant.Id))
            return TypedResults.NotFound();
        await clients.RevokeAsync(tenant.Id, clientId, time.GetUtcNow(), ct);
        return TypedResults.NoContent();
    }

    /// <summary>Errors are ProblemDetails carrying RFC 6749 §5.2's <c>error</c> code, so OAuth2 client libraries read them.</summary>
    internal static async Task<IResult> IssueToken(HttpContext http, ReportClientStore clients, TokenIssuer issuer, SignInLimiter limiter,
        CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        if (limiter.Attempt(http.Connection.RemoteIpAddress?.ToString() ?? "unknown") is { } wait)
            return TooMany(http, wait);
        if (!http.Request.HasFormContentType)
            return OAuthError(StatusCodes.Status400BadRequest, "invalid_request",
                "The token request is a form: Content-Type application/x-www-form-urlencoded.");
        var form = await http.Request.ReadFormAsync(ct);
        if (form["grant_type"].ToString() != "client_credentials")
            return OAuthError(StatusCodes.Status400BadRequest, "unsupported_grant_type", "The grant_type must be client_credentials.");
        if (form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(s => s != TokenScopes.Reports))
            return OAuthError(StatusCodes.Status400BadRequest, "invalid_scope", $"The scope must be {TokenScopes.Reports} (or left out).");

        var basic = Basic(http.Request);
        var inForm = form.ContainsKey("client_id") || form.ContainsKey("client_secret");
        if (basic is not null && inForm)
            return OAuthError(StatusCodes.Status400BadRequest, "invalid_request",
                "The client_id and client_secret come either by HTTP Basic or in the form, not both.");
        var (clientId, secret) = basic ?? (form["client_id"].ToString(), form["client_secret"].ToString());
        if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(secret) || clientId.Length > 100 || secret.Length > 200)
            return Unauthorized(http, "The client_id and client_secret are required.");
        if (limiter.Blocked(clientId) is { } blocked)
            return TooMany(http, blocked);
        if (await clients.VerifyAsync(clientId, secret, ct) is not { } client)
        {
            limiter.Failed(clientId);
            return Unauthorized(http, "Unknown or revoked client, or wrong secret.");
        }
        var token = issuer.Issue(client.ClientId,
        [
            new Claim(CallCentreClaims.Role, Roles.Client), new Claim(CallCentreClaims.Tenant, client.TenantId),
            new Claim(TokenScopes.ScopeClaim, TokenScopes.Reports), new Claim(TokenScopes.ClientIdClaim, client.ClientId),
        ]);
        return TypedResults.Ok(new TokenResponse(token, "Bearer", (int)issuer.Lifetime.TotalSeconds, TokenScopes.Reports));
    }

    /// <summary>RFC 6749 §2.3.1: the id and secret are form-encoded before they are put in the Basic credentials.</summary>
    private static (string Id, string Secret)? Basic(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
            return null;
        var bytes = new byte[header.Parameter.Length];
        if (!Convert.TryFromBase64String(header.Parameter, bytes, out var length))
            return ("", "");
        var pair = Encoding.UTF8.GetString(bytes, 0, length);
        var colon = pair.IndexOf(':');
        return colon < 0 ? ("", "") : (Uri.UnescapeDataString(pair[..colon].Replace('+', ' ')), Uri.UnescapeDataString(pair[(colon + 1)..].Replace('+', ' ')));
    }

    private static IResult Unauthorized(HttpContext http, string detail)
    {
        http.Response.Headers.WWWAuthenticate = "Basic realm=\"callcentre\"";
        return OAuthError(StatusCodes.Status401Unauthorized, "invalid_client", detail);
    }

    private static IResult OAuthError(int status, string error, string detail) =>
        TypedResults.Problem(title: error, detail: detail, statusCode: status, extensions: new Dictionary<string, object?> { ["error"] = error });

    private static IResult TooMany(HttpContext http, TimeSpan wait)
    {
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return OAuthError(StatusCodes.Status429TooManyRequests, "slow_down", $"Try again in {(int)Math.Ceiling(wait.TotalSeconds)} s.");
    }
}
