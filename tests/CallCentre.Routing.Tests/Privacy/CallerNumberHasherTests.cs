using System.Runtime.Versioning;
using CallCentre.Routing.Telephony;
using Dapper;
using Microsoft.Extensions.Configuration;

namespace CallCentre.Routing.Tests.Privacy;

/// <summary>The caller hash is keyed per tenant, stable across processes and restarts, and shredded with the tenant's salt.</summary>
public abstract class CallerNumberHasherTests<TDatabase>(TDatabase db) : IClassFixture<TDatabase>
    where TDatabase : CallCentre.Testing.TestDatabase<RoutingModule>
{
    private static readonly byte[] MasterKey = Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray();

    private CallerNumberHasher NewHasher(byte[]? masterKey = null) =>
        new(masterKey ?? MasterKey, new CallerHashSaltStore(db.Database, TimeProvider.System));

    private static string Tenant() => "t" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task SameNumberInTwoTenants_GivesDifferentHashes()
    {
        var hasher = NewHasher();
        var bank = await hasher.HashAsync(Tenant(), "+33 1 23 45 67 89");
        var telco = await hasher.HashAsync(Tenant(), "+33 1 23 45 67 89");
        Assert.Matches("^[0-9a-f]{64}$", bank);
        Assert.NotEqual(bank, telco);
    }

    [Fact]
    public async Task SameNumberInOneTenant_HashesAlikeInAnotherProcessAndAfterARestart()
    {
        var tenant = Tenant();
        var first = await NewHasher().HashAsync(tenant, "+33 1 23 45 67 89");
        Assert.Equal(first, await NewHasher().HashAsync(tenant, "+33123456789"));
        Assert.NotEqual(first, await NewHasher().HashAsync(tenant, "+33123456780"));
    }

    [Fact]
    public async Task AnotherMasterKey_GivesAnotherHash()
    {
        var tenant = Tenant();
        var first = await NewHasher().HashAsync(tenant, "+212600000001");
        Assert.NotEqual(first, await NewHasher(new byte[32]).HashAsync(tenant, "+212600000001"));
    }

    [Fact]
    public async Task ShreddingATenantsKey_MakesItsOldHashesUnreachable_AndLeavesOtherTenantsAlone()
    {
        var (tenant, other) = (Tenant(), Tenant());
        var hasher = NewHasher();
        var before = await hasher.HashAsync(tenant, "+212600000002");
        var otherBefore = await hasher.HashAsync(other, "+212600000002");

        Assert.Equal(1, await hasher.ShredTenantKeyAsync(tenant));
        Assert.Equal(0, await hasher.ShredTenantKeyAsync(tenant));
        await using (var c = await db.Database.OpenAsync())
            Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM caller_hash_salt WHERE tenant_id = @tenant", new { tenant }));

        Assert.NotEqual(before, await hasher.HashAsync(tenant, "+212600000002"));
        Assert.NotEqual(before, await NewHasher().HashAsync(tenant, "+212600000002"));
        Assert.Equal(otherBefore, await NewHasher().HashAsync(other, "+212600000002"));
    }
}

public sealed class SqliteCallerNumberHasherTests(SqliteRoutingDatabase db) : CallerNumberHasherTests<SqliteRoutingDatabase>(db);

public sealed class PostgresCallerNumberHasherTests(PostgresRoutingDatabase db) : CallerNumberHasherTests<PostgresRoutingDatabase>(db);

/// <summary>Where the master key comes from: required when distributed, a private file in embedded mode.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class CallerHashMasterKeyTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "callcentre-hashkey-test-" + Guid.NewGuid().ToString("N")[..8]);

    private IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(
            settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)).Append(new("Data", _folder))).Build();

    [Theory]
    [InlineData("Database:Provider", "Postgres")]
    [InlineData("Messaging:Transport", "RabbitMq")]
    public void NoKey_WhenDistributed_RefusesToStartSayingWhatToSet(string key, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => CallerNumberHasher.LoadMasterKey(Configuration((key, value))));
        Assert.Contains("Telephony:CallerHashKey must be set", error.Message);
        Assert.False(File.Exists(Path.Combine(_folder, CallerNumberHasher.KeyFileName)));
    }

    [Fact]
    public void ConfiguredKey_WhenDistributed_IsUsedAndNoFileIsWritten()
    {
        var settings = new[] { ("Database:Provider", "Postgres"), ("Messaging:Transport", "RabbitMq"), ("Telephony:CallerHashKey", Convert.ToHexString(Enumerable.Range(0, 32).Select(i => (byte)(i * 37)).ToArray())) };
        Assert.Equal(CallerNumberHasher.LoadMasterKey(Configuration(settings)), CallerNumberHasher.LoadMasterKey(Configuration(settings)));
        Assert.False(File.Exists(Path.Combine(_folder, CallerNumberHasher.KeyFileName)));
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("CHANGE-ME-64-HEX-CHARACTERS-CHANGE-ME-64-HEX-CHARACTERS")]
    [InlineData("short-secret")]
    public void PlaceholderOrShortKey_RefusesToStart(string key)
    {
        var error = Assert.Throws<InvalidOperationException>(() => CallerNumberHasher.LoadMasterKey(Configuration(("Telephony:CallerHashKey", key))));
        Assert.Contains("Telephony:CallerHashKey is too weak", error.Message);
    }

    [Fact]
    public void Embedded_GeneratesAKeyFileOnlyItsOwnerCanRead_AndKeepsItAcrossRestarts()
    {
        var key = CallerNumberHasher.LoadMasterKey(Configuration());
        var path = Path.Combine(_folder, CallerNumberHasher.KeyFileName);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(32, key.Length);
        Assert.Equal(key, CallerNumberHasher.LoadMasterKey(Configuration()));
    }

    [Fact]
    public void Embedded_AnExistingKeyFileReadableByOthers_IsTightenedAndKept()
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, CallerNumberHasher.KeyFileName);
        File.WriteAllText(path, new string('A', 64));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        Assert.Equal(Convert.FromHexString(new string('A', 64)), CallerNumberHasher.LoadMasterKey(Configuration()));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
