using System.Security.Claims;

namespace CallCentre.Hosting.Auth;

/// <summary>Which tenants a verified token may see. The tenant always comes from here, never from the URL alone.</summary>
public static class TenantAccess
{
    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin);

    public static bool CanAccessTenant(this ClaimsPrincipal user, string tenantId) =>
        user.IsAdmin() || user.FindAll(CallCentreClaims.Tenant).Any(c => c.Value == tenantId);

    public static IReadOnlyList<string> GrantedTenants(this ClaimsPrincipal user, IEnumerable<string> all) =>
        all.Where(user.CanAccessTenant).ToList();

    public static string? AgentId(this ClaimsPrincipal user) => user.FindFirst(CallCentreClaims.AgentId)?.Value;

    public static string Subject(this ClaimsPrincipal user) => user.FindFirst(CallCentreClaims.Subject)?.Value ?? "?";
}
