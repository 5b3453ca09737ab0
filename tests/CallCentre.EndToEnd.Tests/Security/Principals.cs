using System.Security.Claims;
using CallCentre.Hosting.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace CallCentre.EndToEnd.Tests.Security;

/// <summary>A bearer the matrix tries every route with: a role, the tenants its token grants and, for an agent, who it is.</summary>
/// <param name="Own">Whether a resource of tenant A (own) or tenant B (other) is within the bearer's reach.</param>
public sealed record Principal(string Name, string? Role, string[] Tenants, string? AgentId = null)
{
    public const string TenantA = "lumiere-bank";
    public const string TenantB = "mosane-insurance";

    public bool Anonymous => Role is null;

    /// <summary>Whether the bearer may reach resources of <paramref name="side"/>'s tenant: an admin every tenant, others those
    /// their token grants; an agent reaches only itself (side A's agent).</summary>
    public bool Reaches(Side side) => Role switch
    {
        Roles.Admin => true,
        Roles.Agent => side == Side.A,
        _ => Tenants.Contains(side.Tenant()),
    };

    /// <summary>Tenants whose data the bearer must never read; empty for those who may read every tenant's.</summary>
    public IEnumerable<string> Forbidden(IEnumerable<string> all) =>
        Role is Roles.Admin or Roles.Agent or null ? [] : all.Where(t => !Tenants.Contains(t));

    public override string ToString() => Name;

    public static readonly IReadOnlyList<Principal> All =
    [
        new("anonymous", null, []),
        new("admin", Roles.Admin, []),
        new("supervisor of A", Roles.Supervisor, [TenantA]),
        new("supervisor of all", Roles.Supervisor, [TenantA, TenantB, "helvet-telecom"]),
        new("agent01", Roles.Agent, [], "agent01"),
        new("client of A", Roles.Client, [TenantA]),
        new("telephony of A", Roles.Telephony, [TenantA]),
    ];
}

/// <summary>Which tenant's resources a request names: A (lumiere-bank) or B (mosane-insurance).</summary>
public enum Side { A, B }

public static class Sides
{
    public static string Tenant(this Side side) => side == Side.A ? Principal.TenantA : Principal.TenantB;
    public static string Queue(this Side side) => side == Side.A ? "lumiere-banking-fr" : "mosane-claims-fr";
    /// <summary>An agent who serves only that tenant's queues.</summary>
    public static string Agent(this Side side) => side == Side.A ? "agent01" : "agent13";
}

/// <summary>The one place the tests mint tokens with custom grants: the embedded issuer of the running platform.</summary>
public static class TestTokens
{
    public static string? For(EmbeddedPlatform platform, Principal principal)
    {
        if (principal.Anonymous)
            return null;
        var claims = new List<Claim> { new(CallCentreClaims.Role, principal.Role!) };
        claims.AddRange(principal.Tenants.Select(t => new Claim(CallCentreClaims.Tenant, t)));
        if (principal.AgentId is { } agent)
            claims.Add(new Claim(CallCentreClaims.AgentId, agent));
        return platform.Services.GetRequiredService<TokenIssuer>().Issue(principal.AgentId ?? principal.Name.Replace(' ', '-'), claims);
    }
}
