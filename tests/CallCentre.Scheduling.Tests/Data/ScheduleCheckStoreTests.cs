using CallCentre.Scheduling.Data;

namespace CallCentre.Scheduling.Tests.Data;

/// <summary>Kept schedule checks, the same tests on SQLite and PostgreSQL.</summary>
public abstract class ScheduleCheckStoreTests<TDatabase>(TDatabase db) : IClassFixture<TDatabase> where TDatabase : TestDatabase
{
    private ScheduleCheckStore Store => new(db.Database);

    [Fact]
    public async Task SavedCheck_ReadBackByItsTenant_UnknownToOthers()
    {
        var id = Guid.NewGuid();
        const string result = """{"id":"x","queues":[{"intervals":[{"simulatedServiceLevel":0.9}]}]}""";

        await Store.SaveAsync(id, "lumiere-bank", new DateTimeOffset(2026, 12, 5, 4, 0, 0, TimeSpan.Zero), "supervisor", result);

        Assert.Equal(result, await Store.FindAsync(id, ["mosane-insurance", "lumiere-bank"]));
        Assert.Null(await Store.FindAsync(id, ["mosane-insurance"]));
        Assert.Null(await Store.FindAsync(Guid.NewGuid(), ["lumiere-bank"]));
    }

    [Fact]
    public async Task SameIdTwice_RefusedAndTheFirstKept()
    {
        var id = Guid.NewGuid();
        await Store.SaveAsync(id, "lumiere-bank", DateTimeOffset.UnixEpoch, "supervisor", "{}");

        await Assert.ThrowsAnyAsync<Exception>(() => Store.SaveAsync(id, "mosane-insurance", DateTimeOffset.UnixEpoch, "admin", "[]"));

        Assert.Equal("{}", await Store.FindAsync(id, ["lumiere-bank"]));
    }
}

public sealed class SqliteScheduleCheckStoreTests(SqliteTestDatabase db) : ScheduleCheckStoreTests<SqliteTestDatabase>(db);

public sealed class PostgresScheduleCheckStoreTests(PostgresTestDatabase db) : ScheduleCheckStoreTests<PostgresTestDatabase>(db);
