using System.Security.Claims;
using CallCentre.Hosting.Centre;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CallCentre.Hosting.Auth;

/// <summary>A user of the embedded token issuer, with the password stored only as a salted PBKDF2 hash.</summary>
public sealed record DemoUser(string UserName, string PasswordHash, IReadOnlyList<Claim> Claims);

/// <summary>The embedded mode's users: admin, supervisor, pbx (telephony), one per agent of the centre, and
/// <c>client-&lt;tenant id&gt;</c> per tenant, all with <c>Auth:DemoPassword</c>.</summary>
public sealed class DemoUserStore
{
    private readonly Dictionary<string, DemoUser> _users;
    private readonly PasswordHasher<DemoUser> _hasher;

    public DemoUserStore(CentreDefinition centre, AuthOptions options)
    {
        // 10,000 rounds keeps the start of a demo with forty agents quick; a real deployment uses its OIDC provider.
        _hasher = new PasswordHasher<DemoUser>(Options.Create(new PasswordHasherOptions { IterationCount = 10_000 }));
        var allTenants = centre.Tenants.Select(t => new Claim(CallCentreClaims.Tenant, t.Id)).ToList();
        var definitions = new List<(string User, List<Claim> Claims)>
        {
            ("admin", [new(CallCentreClaims.Role, Roles.Admin), .. allTenants]),
            ("supervisor", [new(CallCentreClaims.Role, Roles.Supervisor), .. allTenants]),
            ("pbx", [new(CallCentreClaims.Role, Roles.Telephony), .. allTenants]),
        };
        definitions.AddRange(centre.Agents.Select(a =>
            (a.Id, new List<Claim> { new(CallCentreClaims.Role, Roles.Agent), new(CallCentreClaims.AgentId, a.Id) })));
        definitions.AddRange(centre.Tenants.Select(t =>
            ($"client-{t.Id}", new List<Claim> { new(CallCentreClaims.Role, Roles.Client), new(CallCentreClaims.Tenant, t.Id) })));

        _users = definitions
            .AsParallel()
            .Select(d => new DemoUser(d.User, _hasher.HashPassword(null!, options.DemoPassword), d.Claims))
            .ToDictionary(u => u.UserName, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> UserNames => _users.Keys;

    /// <summary>The user if the password matches its hash; null otherwise (unknown user and wrong password look alike).</summary>
    public DemoUser? Verify(string userName, string password)
    {
        if (!_users.TryGetValue(userName, out var user))
            return null;
        return _hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed ? null : user;
    }
}
