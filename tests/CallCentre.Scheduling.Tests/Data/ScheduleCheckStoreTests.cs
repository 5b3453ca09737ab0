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

    [Fact]
    public async Task PublishedDay_OnePendingCheckAtATime_DueUntilEnded_ListedNewestFirst()
    {
        var tenant = $"t-{Guid.NewGuid():N}";
        var day = new DateOnly(2026, 12, 14);
        var at = new DateTimeOffset(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);
        var first = await Store.RequestAsync(Guid.NewGuid(), tenant, day, at, "supervisor", """{"status":"pending"}""");

        Assert.Equal(first, await Store.RequestAsync(Guid.NewGuid(), tenant, day, at.AddMinutes(1), "admin", "{}"));
        var due = Assert.Single(await Store.DueAsync(at, 100), d => d.TenantId == tenant);
        Assert.Equal((first, day, 0, """{"status":"pending"}"""), (due.Id, due.Day, due.Attempts, due.Result));

        await Store.UpdateAsync(first, "pending", 1, at.AddMinutes(5), at.AddSeconds(30), """{"attempts":1}""");
        Assert.DoesNotContain(await Store.DueAsync(at.AddMinutes(4), 100), d => d.Id == first);
        Assert.Contains(await Store.DueAsync(at.AddMinutes(5), 100), d => d.Id == first && d.Attempts == 1);
        await Store.UpdateAsync(first, "done", 2, null, at.AddMinutes(6), """{"status":"done"}""");
        Assert.DoesNotContain(await Store.DueAsync(at.AddDays(1), 100), d => d.Id == first);

        var second = await Store.RequestAsync(Guid.NewGuid(), tenant, day, at.AddMinutes(10), "supervisor", """{"status":"pending","n":2}""");
        Assert.NotEqual(first, second);
        Assert.Equal(["""{"status":"pending","n":2}""", """{"status":"done"}"""], await Store.ListAsync(tenant, day, 10));
        Assert.Empty(await Store.ListAsync(tenant, day.AddDays(1), 10));
        Assert.Equal("""{"status":"done"}""", await Store.FindAsync(first, [tenant]));
    }

    [Fact]
    public async Task ContractTerms_QueueVersionInEffectElseTheTenants_RepeatsIgnored()
    {
        var terms = new ContractTermsStore(db.Database);
        var tenant = $"t-{Guid.NewGuid():N}";
        var jan = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Contracts.Sla.SlaContractConfigured Version(string? queue, int version, DateTimeOffset from, decimal penalty) =>
            new(tenant, queue, version, from, 0.8, 20, "day", 30, penalty, "CHF", from);
        await terms.SaveAsync(Version(null, 1, jan, 100.5m));
        await terms.SaveAsync(Version("q1", 1, jan, 200m));
        await terms.SaveAsync(Version("q1", 2, jan.AddMonths(6), 300.25m));
        await terms.SaveAsync(Version("q1", 2, jan.AddMonths(6), 999m));

        var march = await terms.GoverningAsync(tenant, ["q1", "q2"], jan.AddMonths(2));
        var august = await terms.GoverningAsync(tenant, ["q1", "q2"], jan.AddMonths(7));
        var before = await terms.GoverningAsync(tenant, ["q1"], jan.AddDays(-1));

        Assert.Equal((1, 200m), (march["q1"]!.Version, march["q1"]!.PenaltyPerMissedPeriod));
        Assert.Equal((2, 300.25m, "CHF", "day"), (august["q1"]!.Version, august["q1"]!.PenaltyPerMissedPeriod, august["q1"]!.Currency, august["q1"]!.Period));
        Assert.Equal((null, 100.5m), (august["q2"]!.QueueId, august["q2"]!.PenaltyPerMissedPeriod));
        Assert.Null(before["q1"]);
    }
}

public sealed class SqliteScheduleCheckStoreTests(SqliteTestDatabase db) : ScheduleCheckStoreTests<SqliteTestDatabase>(db);

public sealed class PostgresScheduleCheckStoreTests(PostgresTestDatabase db) : ScheduleCheckStoreTests<PostgresTestDatabase>(db);
