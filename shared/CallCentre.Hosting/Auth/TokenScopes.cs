using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CallCentre.Hosting.Auth;

/// <summary>A client system's token (OAuth2 client credentials) carries a <c>client_id</c> and its scopes; it reaches only the
/// endpoints that accept one of them (<see cref="AllowScope{TBuilder}"/>), every other endpoint answers 403.</summary>
public static class TokenScopes
{
    /// <summary>Reads of the tenant's own reports.</summary>
    public const string Reports = "reports";
    public const string ScopeClaim = "scope";
    public const string ClientIdClaim = "client_id";

    public static TBuilder AllowScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AllowedScope(scope));

    public static string? ClientId(this ClaimsPrincipal user) => user.FindFirst(ClientIdClaim)?.Value;

    public static IReadOnlyList<string> Scopes(this ClaimsPrincipal user) =>
        user.FindAll(ScopeClaim).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
}

public sealed record AllowedScope(string Scope);

internal sealed class ScopedTokenHandler : IAuthorizationHandler
{
    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        if (context.User.ClientId() is null)
            return Task.CompletedTask;
        var endpoint = context.Resource switch
        {
            HttpContext http => http.GetEndpoint(),
            Endpoint e => e,
            _ => null,
        };
        var scopes = context.User.Scopes();
        if (endpoint?.Metadata.GetOrderedMetadata<AllowedScope>().Any(a => scopes.Contains(a.Scope)) != true)
            context.Fail(new AuthorizationFailureReason(this, "A client system's token reaches only the endpoints of its scopes."));
        return Task.CompletedTask;
    }
}
