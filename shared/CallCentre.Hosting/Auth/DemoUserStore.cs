using System.Collections.Concurrent;
using System.Security.Claims;
using CallCentre.Hosting.Centre;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CallCentre.Hosting.Auth;

/// <summary>A user of the embedded token issuer, with the password stored only as a salted PBKDF2 hash.</summary>
public sealed record DemoUser(string UserName, string PasswordHash, IReadOnlyList<Claim> Claims);

/// <summary>The embedded mode's users: admin, supervisor, pbx (telephony), one per agent of the centre file, and
/// <c>client-&lt;tenant id&gt;</c> per tenant, all with <c>Auth:DemoPassword</c>. An agent an administrator creates or
/// changes with a password (admin API) signs in with that password; one created without has no embedded sign-in.</summary>
public sealed class DemoUserStore
{
    private readonly ConcurrentDictionary<string, DemoUser> _users;
    private readonly PasswordHasher<DemoUser> _hasher;

    /// <summary>For passwords an administrator sets: the platform's default PBKDF2 strength (the hash records its rounds).</summary>
    private static readonly PasswordHasher<DemoUser> AdminHasher = new(Options.Create(new PasswordHasherOptions { IterationCount = 100_000 }));

    /// <summary>A salted PBKDF2 hash of <paramref name="password"/>, as the store keeps it.</summary>
    public static string HashPassword(string password) => AdminHasher.HashPassword(null!, password);

    public DemoUserStore(CentreCatalog catalog, AuthOptions options)
    {
        var centre = catalog.Current;
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

        var users = definitions
            .AsParallel()
            .Select(d => new DemoUser(d.User, _hasher.HashPassword(null!, options.DemoPassword), d.Claims))
            .ToDictionary(u => u.UserName, StringComparer.Ordinal);
        _users = new ConcurrentDictionary<string, DemoUser>(users, StringComparer.Ordinal);
        catalog.Subscribe(change =>
        {
            if (change is { Agent: { } agent, PasswordHash: { } hash })
                _users[agent.Id] = AgentUser(agent.Id, hash);
        });
    }

    private static DemoUser AgentUser(string agentId, string hash) =>
        new(agentId, hash, [new(CallCentreClaims.Role, Roles.Agent), new(CallCentreClaims.AgentId, agentId)]);

    public IReadOnlyCollection<string> UserNames => _users.Keys.ToList();

    /// <summary>The user if the password matches its hash; null otherwise (unknown user and wrong password look alike).</summary>
    public DemoUser? Verify(string userName, string password)
    {
        if (!_users.TryGetValue(userName, out var user))
            return null;
        return _hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed ? null : user;
    }
}
