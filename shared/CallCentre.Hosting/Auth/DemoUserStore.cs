using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using CallCentre.Hosting.Centre;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CallCentre.Hosting.Auth;

public sealed record DemoUser(string UserName, string PasswordHash, IReadOnlyList<Claim> Claims);

/// <summary>Users of <c>Auth:UsersFile</c>, the demo users, and agents given a password by the admin API.</summary>
public sealed class DemoUserStore
{
    private readonly ConcurrentDictionary<string, DemoUser> _users;
    private readonly IPasswordHasher<DemoUser> _hasher;
    private readonly string _dummyHash;

    /// <summary>The hash records its rounds, so older hashes still verify.</summary>
    public static readonly PasswordHasher<DemoUser> Hasher = new(Options.Create(new PasswordHasherOptions { IterationCount = 100_000 }));

    public static string HashPassword(string password) => Hasher.HashPassword(null!, password);

    public DemoUserStore(CentreCatalog catalog, AuthOptions options, IPasswordHasher<DemoUser> hasher, IReadOnlyList<DemoUser> operatorUsers)
    {
        _hasher = hasher;
        // Unknown names are verified against this, so that they cost what a known name costs.
        _dummyHash = hasher.HashPassword(null!, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
        var users = new Dictionary<string, DemoUser>(StringComparer.Ordinal);
        if (options.DemoUsers == true)
            foreach (var user in DemoUsers(catalog.Current, hasher.HashPassword(null!, options.DemoPassword)))
                users[user.UserName] = user;
        foreach (var user in operatorUsers)
            users[user.UserName] = user;
        _users = new ConcurrentDictionary<string, DemoUser>(users, StringComparer.Ordinal);
        catalog.Subscribe(change =>
        {
            if (change is { Agent: { } agent, PasswordHash: { } hash })
                _users[agent.Id] = AgentUser(agent.Id, hash);
        });
    }

    // One hash for every demo user: they share one password, and forty agents start without forty PBKDF2 runs.
    private static IEnumerable<DemoUser> DemoUsers(CentreDefinition centre, string hash)
    {
        var allTenants = centre.Tenants.Select(t => new Claim(CallCentreClaims.Tenant, t.Id)).ToList();
        yield return new DemoUser("admin", hash, [new(CallCentreClaims.Role, Roles.Admin), .. allTenants]);
        yield return new DemoUser("supervisor", hash, [new(CallCentreClaims.Role, Roles.Supervisor), .. allTenants]);
        yield return new DemoUser("pbx", hash, [new(CallCentreClaims.Role, Roles.Telephony), .. allTenants]);
        foreach (var agent in centre.Agents)
            yield return AgentUser(agent.Id, hash);
        foreach (var tenant in centre.Tenants)
            yield return new DemoUser($"client-{tenant.Id}", hash, [new(CallCentreClaims.Role, Roles.Client), new(CallCentreClaims.Tenant, tenant.Id)]);
    }

    private static DemoUser AgentUser(string agentId, string hash) =>
        new(agentId, hash, [new(CallCentreClaims.Role, Roles.Agent), new(CallCentreClaims.AgentId, agentId)]);

    public DemoUser? Find(string userName) => _users.GetValueOrDefault(userName);

    public DemoUser? Verify(string userName, string password)
    {
        var user = _users.GetValueOrDefault(userName);
        var result = _hasher.VerifyHashedPassword(user!, user?.PasswordHash ?? _dummyHash, password);
        return user is null || result == PasswordVerificationResult.Failed ? null : user;
    }
}
