using System.Security.Claims;
using System.Text.Json;

namespace CallCentre.Hosting.Auth;

/// <summary>Hashes come from <c>CallCentre.Host hash-password</c>; the format is in docs/security.md.</summary>
internal static class UserFile
{
    private sealed record Entry(string? Name, string? PasswordHash, string[]? Roles, string[]? Tenants, string? AgentId);
    private sealed record Document(Entry[]? Users);

    private static readonly string[] KnownRoles = [Auth.Roles.Admin, Auth.Roles.Supervisor, Auth.Roles.Agent, Auth.Roles.Client, Auth.Roles.Telephony];

    public static IReadOnlyList<DemoUser> Load(string path)
    {
        if (!File.Exists(path))
            throw new InvalidOperationException($"Auth:UsersFile: no file at '{path}'.");
        Document? document;
        try
        {
            document = JsonSerializer.Deserialize<Document>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"Auth:UsersFile '{path}' is not valid JSON: {e.Message}");
        }
        var users = new List<DemoUser>();
        foreach (var (entry, index) in (document?.Users ?? []).Select((e, i) => (e, i)))
        {
            string Fault(string what) => $"Auth:UsersFile '{path}', user {index + 1} ({entry.Name ?? "no name"}): {what}";
            if (string.IsNullOrWhiteSpace(entry.Name))
                throw new InvalidOperationException(Fault("a name is required."));
            if (string.IsNullOrWhiteSpace(entry.PasswordHash) || !IsPasswordHash(entry.PasswordHash))
                throw new InvalidOperationException(Fault("passwordHash must come from `CallCentre.Host hash-password`."));
            var roles = entry.Roles ?? [];
            if (roles.Length == 0 || roles.Any(r => !KnownRoles.Contains(r)))
                throw new InvalidOperationException(Fault($"roles must be some of {string.Join(", ", KnownRoles)}."));
            if (roles.Contains(Auth.Roles.Client) && entry.Tenants is not { Length: 1 })
                throw new InvalidOperationException(Fault("a client user has exactly one tenant."));
            if (roles.Contains(Auth.Roles.Agent) && string.IsNullOrWhiteSpace(entry.AgentId))
                throw new InvalidOperationException(Fault("an agent user needs its agentId."));
            if (users.Any(u => u.UserName == entry.Name))
                throw new InvalidOperationException(Fault("the name appears twice."));
            var claims = roles.Select(r => new Claim(CallCentreClaims.Role, r))
                .Concat((entry.Tenants ?? []).Select(t => new Claim(CallCentreClaims.Tenant, t)))
                .Concat(entry.AgentId is null ? [] : [new Claim(CallCentreClaims.AgentId, entry.AgentId)]).ToList();
            users.Add(new DemoUser(entry.Name, entry.PasswordHash, claims));
        }
        if (users.Count == 0)
            throw new InvalidOperationException($"Auth:UsersFile '{path}' lists no user.");
        return users;
    }

    // ASP.NET Core Identity's version 3 format: marker byte 0x01, then PRF, rounds, salt length, salt, subkey.
    private static bool IsPasswordHash(string hash)
    {
        var bytes = new byte[hash.Length];
        return Convert.TryFromBase64String(hash, bytes, out var length) && length >= 13 + 16 + 32 && bytes[0] == 0x01;
    }
}
