using System.Data.Common;
using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Data;
using CallCentre.Routing.Data;
using CallCentre.Routing.Privacy;
using Dapper;

namespace CallCentre.Routing.Tests.Privacy;

/// <summary>Routing's stored traces of a caller go, in every table, on SQLite and PostgreSQL.</summary>
public abstract class PrivacyStoreTests<TDatabase>(TDatabase db) : IClassFixture<TDatabase>
    where TDatabase : CallCentre.Testing.TestDatabase<RoutingModule>
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ErasingACallerHash_LeavesNoCellHoldingIt_AndOtherCallersAlone()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..8];
        var (erased, kept) = (Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"));
        // Stored but not published: the outbox still holds the events.
        await new RoutingStore(db.Database).ApplyAsync([
            new CallQueued(Guid.NewGuid(), tenant, "q", erased, 5, T0),
            new CallQueued(Guid.NewGuid(), tenant, "q", kept, 5, T0),
            new CallQueued(Guid.NewGuid(), "other-" + tenant, "q2", erased, 5, T0),
        ], default);
        var store = new PrivacyStore(db.Database, TimeProvider.System);

        Assert.Equal((1, 2), await store.EraseCallerHashAsync(tenant, erased, default));

        await using var connection = await db.Database.OpenAsync();
        var cells = new List<string>();
        foreach (var table in PrivacyStoreTests.Tables(connection, db.Database.Provider))
            cells.AddRange(PrivacyStoreTests.CellsHolding(connection, table, erased));
        // The other tenant's row keeps its own hash (a hash of another tenant's key in real life); its event shared the outbox.
        Assert.Equal(["routing_call"], cells.Select(c => c.Split('.')[0]).ToArray());
        Assert.NotEmpty(PrivacyStoreTests.CellsHolding(connection, "routing_call", kept));
        Assert.Equal((0, 0), await store.EraseCallerHashAsync(tenant, erased, default));
    }

    [Fact]
    public async Task Audit_KeepsTheCountsAndTheTenant_NewestFirst()
    {
        var store = new PrivacyStore(db.Database, TimeProvider.System);
        await store.AuditAsync("admin", "caller-erase", "bank", new Dictionary<string, IReadOnlyDictionary<string, int>>
            { ["routing"] = new Dictionary<string, int> { ["storedCalls"] = 3 } }, default);
        await store.AuditAsync(new string('x', 500), "caller-erase", "telco", new Dictionary<string, IReadOnlyDictionary<string, int>>(), default);
        var log = await store.AuditLogAsync(2, default);
        Assert.Equal([("telco", 128), ("bank", 5)], log.Select(e => (e.TenantId, e.Actor.Length)).ToArray());
        Assert.Equal("""{"routing":{"storedCalls":3}}""", log[1].Removed);
    }
}

public sealed class SqlitePrivacyStoreTests(SqliteRoutingDatabase db) : PrivacyStoreTests<SqliteRoutingDatabase>(db);

public sealed class PostgresPrivacyStoreTests(PostgresRoutingDatabase db) : PrivacyStoreTests<PostgresRoutingDatabase>(db);

/// <summary>Reading every table of a module database, to prove that nothing of an erased value is left.</summary>
public static class PrivacyStoreTests
{
    public static IReadOnlyList<string> Tables(DbConnection connection, DatabaseProvider provider = DatabaseProvider.Sqlite) =>
        connection.Query<string>(provider == DatabaseProvider.Postgres
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").ToList();

    /// <summary>"table.column" for every cell of <paramref name="table"/> whose text contains <paramref name="value"/>.</summary>
    public static IEnumerable<string> CellsHolding(DbConnection connection, string table, string value)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\"";
        using var reader = command.ExecuteReader();
        var found = new List<string>();
        while (reader.Read())
            for (var i = 0; i < reader.FieldCount; i++)
                if (!reader.IsDBNull(i) && Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!.Contains(value))
                    found.Add($"{table}.{reader.GetName(i)}");
        return found;
    }
}
