using CallCentre.Hosting.Data;
using Dapper;

namespace CallCentre.SlaTracking.Data;

/// <summary>Issued monthly packs: inserted, never updated (the tables refuse updates); a re-issue is the next version.</summary>
public sealed class PackStore(ModuleDatabase<SlaTrackingModule> database)
{
    public sealed record PackFile(string Name, byte[] Content);

    /// <summary>A pack sealed for its version: the signed manifest, its signature, the signer's key and the files it lists.</summary>
    public sealed record SealedPack(byte[] Manifest, byte[] Signature, string KeyId, string PublicKeyPem, IReadOnlyList<PackFile> Files);

    public sealed record PackVersion(string TenantId, string Month, int Version, DateTimeOffset IssuedAt, string IssuedBy, string KeyId);

    public sealed record StoredPack(PackVersion Version, byte[] Manifest, byte[] Signature, string PublicKeyPem, IReadOnlyList<PackFile> Files);

    /// <summary>Stores the month's next version, sealed by <paramref name="seal"/> once its number is known, in one transaction.</summary>
    public async Task<PackVersion> AddNextAsync(string tenantId, string month, DateTimeOffset issuedAt, string issuedBy,
        Func<int, SealedPack> seal, CancellationToken ct = default)
    {
        const string latestSql = "SELECT COALESCE(MAX(version), 0) FROM monthly_pack WHERE tenant_id = @TenantId AND month = @Month";
        const string packSql = """
            INSERT INTO monthly_pack (tenant_id, month, version, issued_at, issued_by, key_id, manifest, signature, public_key)
                 VALUES (@TenantId, @Month, @Version, @IssuedAt, @IssuedBy, @KeyId, @Manifest, @Signature, @PublicKey)
            """;
        const string fileSql = """
            INSERT INTO monthly_pack_file (tenant_id, month, version, name, content)
                 VALUES (@TenantId, @Month, @Version, @Name, @Content)
            """;
        // Two issues of one month at once both read the same latest version; the loser of the insert takes the next one.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await database.RunAsync(async (c, token) =>
                {
                    await using var tx = await c.BeginTransactionAsync(token);
                    var version = (int)await c.ExecuteScalarAsync<long>(latestSql, new { TenantId = tenantId, Month = month }, tx) + 1;
                    var pack = seal(version);
                    await c.ExecuteAsync(packSql, new
                    {
                        TenantId = tenantId, Month = month, Version = version, IssuedAt = issuedAt.ToUnixTimeMilliseconds(), IssuedBy = issuedBy,
                        pack.KeyId, pack.Manifest, pack.Signature, PublicKey = pack.PublicKeyPem,
                    }, tx);
                    foreach (var file in pack.Files)
                        await c.ExecuteAsync(fileSql, new { TenantId = tenantId, Month = month, Version = version, file.Name, file.Content }, tx);
                    await tx.CommitAsync(token);
                    return new PackVersion(tenantId, month, version, DateTimeOffset.FromUnixTimeMilliseconds(issuedAt.ToUnixTimeMilliseconds()),
                        issuedBy, pack.KeyId);
                }, ct);
            }
            catch (Exception e) when (attempt < 5 && IsUniqueViolation(e))
            {
            }
        }
    }

    /// <summary>A tenant's packs, of one month or of all, newest month and version first.</summary>
    public async Task<IReadOnlyList<PackVersion>> ListAsync(string tenantId, string? month, CancellationToken ct = default)
    {
        var sql = $"""
            SELECT tenant_id AS TenantId, month AS Month, version AS Version, issued_at AS IssuedAt, issued_by AS IssuedBy, key_id AS KeyId
              FROM monthly_pack
             WHERE tenant_id = @TenantId {(month is null ? "" : "AND month = @Month")}
             ORDER BY month DESC, version DESC
            """;
        var rows = await database.RunAsync((c, _) => c.QueryAsync<Row>(sql, new { TenantId = tenantId, Month = month }), ct);
        return rows.Select(r => r.ToVersion()).ToList();
    }

    public async Task<StoredPack?> GetAsync(string tenantId, string month, int version, CancellationToken ct = default)
    {
        const string packSql = """
            SELECT tenant_id AS TenantId, month AS Month, version AS Version, issued_at AS IssuedAt, issued_by AS IssuedBy, key_id AS KeyId,
                   manifest AS Manifest, signature AS Signature, public_key AS PublicKey
              FROM monthly_pack
             WHERE tenant_id = @TenantId AND month = @Month AND version = @Version
            """;
        const string filesSql = """
            SELECT name AS Name, content AS Content
              FROM monthly_pack_file
             WHERE tenant_id = @TenantId AND month = @Month AND version = @Version
             ORDER BY name
            """;
        var key = new { TenantId = tenantId, Month = month, Version = version };
        return await database.RunAsync(async (c, _) =>
        {
            var row = await c.QuerySingleOrDefaultAsync<Row>(packSql, key);
            if (row is null)
                return null;
            var files = (await c.QueryAsync<FileRow>(filesSql, key)).Select(f => new PackFile(f.Name, f.Content)).ToList();
            return new StoredPack(row.ToVersion(), row.Manifest, row.Signature, row.PublicKey, files);
        }, ct);
    }

    private static bool IsUniqueViolation(Exception e) => e switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19, // SQLITE_CONSTRAINT
        _ => false,
    };

    private sealed class Row
    {
        public string TenantId { get; init; } = "";
        public string Month { get; init; } = "";
        public long Version { get; init; }
        public long IssuedAt { get; init; }
        public string IssuedBy { get; init; } = "";
        public string KeyId { get; init; } = "";
        public byte[] Manifest { get; init; } = [];
        public byte[] Signature { get; init; } = [];
        public string PublicKey { get; init; } = "";

        public PackVersion ToVersion() =>
            new(TenantId, Month, (int)Version, DateTimeOffset.FromUnixTimeMilliseconds(IssuedAt), IssuedBy, KeyId);
    }

    private sealed class FileRow
    {
        public string Name { get; init; } = "";
        public byte[] Content { get; init; } = [];
    }
}
