using System.Security.Cryptography;
using System.Text;
using CallCentre.Hosting.Data;
using Dapper;

namespace CallCentre.SlaTracking.Data;

public sealed record ReportClient(string ClientId, string TenantId, string Name, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>Client systems' OAuth2 credentials. A secret is 256 random bits, shown once; only its SHA-256 is kept (a slow password
/// hash buys nothing against a secret that cannot be guessed).</summary>
public sealed class ReportClientStore(ModuleDatabase<SlaTrackingModule> database)
{
    private const string Columns = """
        client_id AS ClientId, tenant_id AS TenantId, name AS Name, created_by AS CreatedBy, created_at AS CreatedAt, revoked_at AS RevokedAt
        """;

    /// <summary>Registers a client of the tenant; answers it with its secret, which is not kept.</summary>
    public async Task<(ReportClient Client, string Secret)> CreateAsync(string tenantId, string name, string by, DateTimeOffset at,
        CancellationToken ct = default)
    {
        var client = new ReportClient("rc-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), tenantId, name, by, at, null);
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        await database.RunAsync((c, _) => c.ExecuteAsync("""
            INSERT INTO report_client (client_id, tenant_id, name, secret_hash, created_by, created_at)
                 VALUES (@ClientId, @TenantId, @Name, @Hash, @CreatedBy, @CreatedAt)
            """, new { client.ClientId, TenantId = tenantId, Name = name, Hash = Hash(secret), CreatedBy = by, CreatedAt = at.ToUnixTimeMilliseconds() }), ct);
        return (client, secret);
    }

    public async Task<IReadOnlyList<ReportClient>> ListAsync(string tenantId, CancellationToken ct = default)
    {
        var rows = await database.RunAsync((c, _) => c.QueryAsync<Row>(
            $"SELECT {Columns} FROM report_client WHERE tenant_id = @TenantId ORDER BY created_at, client_id", new { TenantId = tenantId }), ct);
        return rows.Select(r => r.ToClient()).ToList();
    }

    public async Task RevokeAsync(string tenantId, string clientId, DateTimeOffset at, CancellationToken ct = default) =>
        await database.RunAsync((c, _) => c.ExecuteAsync(
            "UPDATE report_client SET revoked_at = @At WHERE tenant_id = @TenantId AND client_id = @ClientId AND revoked_at IS NULL",
            new { At = at.ToUnixTimeMilliseconds(), TenantId = tenantId, ClientId = clientId }), ct);

    /// <summary>The client, when the secret is its own and it is not revoked; else null.</summary>
    public async Task<ReportClient?> VerifyAsync(string clientId, string secret, CancellationToken ct = default)
    {
        var row = await FindAsync(clientId, ct);
        var expected = Encoding.ASCII.GetBytes(row?.SecretHash ?? new string('0', 64));
        var valid = CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(Hash(secret)));
        return valid && row is { RevokedAt: null } ? row.ToClient() : null;
    }

    public async Task<bool> IsActiveAsync(string clientId, CancellationToken ct = default) => await FindAsync(clientId, ct) is { RevokedAt: null };

    private Task<Row?> FindAsync(string clientId, CancellationToken ct) => database.RunAsync((c, _) => c.QuerySingleOrDefaultAsync<Row>(
        $"SELECT {Columns}, secret_hash AS SecretHash FROM report_client WHERE client_id = @ClientId", new { ClientId = clientId }), ct).AsTask();

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed class Row
    {
        public string ClientId { get; init; } = "";
        public string TenantId { get; init; } = "";
        public string Name { get; init; } = "";
        public string CreatedBy { get; init; } = "";
        public long CreatedAt { get; init; }
        public long? RevokedAt { get; init; }
        public string SecretHash { get; init; } = "";

        public ReportClient ToClient() => new(ClientId, TenantId, Name, CreatedBy, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
            RevokedAt is { } r ? DateTimeOffset.FromUnixTimeMilliseconds(r) : null);
    }
}
