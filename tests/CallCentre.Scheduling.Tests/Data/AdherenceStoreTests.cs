using CallCentre.Contracts.Scheduling;
using CallCentre.Scheduling.Adherence;
using CallCentre.Scheduling.Data;

namespace CallCentre.Scheduling.Tests.Data;

/// <summary>The published schedules and the agent state history, the same tests on SQLite and PostgreSQL.</summary>
public abstract class AdherenceStoreTests<TDatabase>(TDatabase db) : IClassFixture<TDatabase> where TDatabase : TestDatabase
{
    private static readonly DateTimeOffset T = new(2026, 11, 10, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Day = new(2026, 11, 10);
    private ScheduleStore Schedules => new(db.Database);
    private AgentStateStore States => new(db.Database);

    private static AgentDay Shift(string agent, DateOnly date, DateTimeOffset start) => new(agent, date, false,
    [
        new ScheduledActivity(ActivityKind.Work, start, start.AddHours(2)),
        new ScheduledActivity(ActivityKind.Break, start.AddHours(2), start.AddHours(2.25)),
        new ScheduledActivity(ActivityKind.Work, start.AddHours(2.25), start.AddHours(4)),
    ]);

    [Fact]
    public async Task PublishedDays_ReadBack_AndRepublishingReplacesTheDay()
    {
        await Schedules.PublishAsync([Shift("store-a", Day, T), new AgentDay("store-a", Day.AddDays(1), true, []), Shift("store-b", Day, T)], "supervisor", T);
        var read = await Schedules.ListAsync(Day, Day.AddDays(1), "store-a");
        Assert.Equal(2, read.Count);
        Assert.Equal(Shift("store-a", Day, T).Activities, read[0].Activities);
        Assert.True(read[1].DayOff);
        Assert.Empty(read[1].Activities);

        var later = Shift("store-a", Day, T.AddHours(3));
        await Schedules.PublishAsync([later], "supervisor", T);
        read = await Schedules.ListAsync(Day, Day, "store-a");
        Assert.Equal(later.Activities, Assert.Single(read).Activities);
        Assert.Equal(3, (await Schedules.ListAsync(Day, Day, "store-b"))[0].Activities.Count);
    }

    [Fact]
    public async Task StateChanges_DuplicatesAreOneRow_AndTheLastBeforeThePeriodIsIncluded()
    {
        await States.RecordAsync("store-c", ["lumiere-bank"], "Available", null, T.AddHours(-30));
        await States.RecordAsync("store-c", ["lumiere-bank"], "NotReady", "break", T.AddMinutes(-10));
        await States.RecordAsync("store-c", ["lumiere-bank"], "Available", null, T.AddMinutes(5));
        await States.RecordAsync("store-c", ["lumiere-bank"], "Available", null, T.AddMinutes(5));
        await States.RecordAsync("store-c", ["lumiere-bank", "mosane-insurance"], "OnCall", null, T.AddMinutes(5));

        var rows = await States.ListAsync(T, T.AddHours(1), "store-c");
        Assert.Equal(
            [(T.AddMinutes(-10), "NotReady", (string?)"break"), (T.AddMinutes(5), "Available", null), (T.AddMinutes(5), "OnCall", null)],
            rows.Select(r => (r.Change.At, r.Change.State, r.Change.Reason)));
        Assert.Equal(["lumiere-bank", "mosane-insurance"], rows[^1].TenantIds);

        Assert.True(await States.LastIdAsync() >= rows[^1].Id);
        var tail = await States.TailAsync(rows[0].Id - 1, 10);
        Assert.Equal(rows.Select(r => r.Id), tail.Where(r => r.AgentId == "store-c").Select(r => r.Id));
    }

    [Fact]
    public async Task Episodes_OpenUntilCleared_AndRaisedOnce()
    {
        var episode = new OpenEpisode("store-d", Day, T);
        Assert.NotNull(await States.RaiseEpisodeAsync(episode, Announcement(episode), T.AddMinutes(5)));
        Assert.Null(await States.RaiseEpisodeAsync(episode, Announcement(episode), T.AddMinutes(6)));
        Assert.Null(await States.RaiseEpisodeAsync(episode with { Since = T.AddMinutes(1) }, Announcement(episode), T.AddMinutes(6)));
        Assert.Contains(episode, await States.OpenEpisodesAsync());
        Assert.NotNull(await States.ClearEpisodeAsync(episode, Announcement(episode), T.AddMinutes(9)));
        Assert.Null(await States.ClearEpisodeAsync(episode, Announcement(episode), T.AddMinutes(10)));
        Assert.DoesNotContain(episode, await States.OpenEpisodesAsync());
        Assert.NotNull(await States.RaiseEpisodeAsync(episode with { Since = T.AddMinutes(20) }, Announcement(episode), T.AddMinutes(25)));
    }

    private static AdherenceExceptionCleared Announcement(OpenEpisode e) => new(e.AgentId, [], e.Date, e.Since, e.Since, 0, e.Since);

    [Fact]
    public async Task Purge_DeletesOnlyOlderChanges()
    {
        await States.RecordAsync("store-f", [], "Available", null, T.AddDays(-500));
        await States.RecordAsync("store-f", [], "LoggedOut", null, T.AddDays(-1));
        Assert.True(await States.PurgeAsync(T.AddDays(-400)) >= 1);
        var left = await States.ListAsync(T.AddDays(-600), T, "store-f");
        Assert.Equal("LoggedOut", Assert.Single(left).Change.State);
    }

    [Fact]
    public async Task StoredDaysAndChanges_GiveTheEnginesFigures()
    {
        var calendar = CentreCalendar.For("Etc/UTC");
        await Schedules.PublishAsync([Shift("store-e", Day, T)], "supervisor", T);
        await States.RecordAsync("store-e", [], "Available", null, T);
        await States.RecordAsync("store-e", [], "NotReady", "break", T.AddHours(2));
        await States.RecordAsync("store-e", [], "LoggedOut", null, T.AddHours(2.25));
        var days = await Schedules.ListAsync(Day.AddDays(-1), Day.AddDays(1), "store-e");
        var changes = (await States.ListAsync(calendar.DayStart(Day), calendar.DayStart(Day.AddDays(2)), "store-e")).Select(r => r.Change).ToList();

        var figures = AdherenceEngine.Day("store-e", Day, days, changes, calendar, T.AddHours(5));
        Assert.Equal(135.0 / 240, figures.Adherence!.Value, 9);
        Assert.Equal(120.0 / 225, figures.Conformance!.Value, 9);
    }
}

public sealed class SqliteAdherenceStoreTests(SqliteTestDatabase db) : AdherenceStoreTests<SqliteTestDatabase>(db);

public sealed class PostgresAdherenceStoreTests(PostgresTestDatabase db) : AdherenceStoreTests<PostgresTestDatabase>(db);
