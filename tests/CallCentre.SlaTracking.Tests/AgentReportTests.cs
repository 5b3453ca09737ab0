using CallCentre.Contracts.Routing;
using CallCentre.Contracts.Scheduling;
using CallCentre.Hosting.Centre;
using CallCentre.SlaTracking.Consumers;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Data;
using CallCentre.SlaTracking.Reports;
using NodaTime;
using static CallCentre.SlaTracking.Tests.Calls;

namespace CallCentre.SlaTracking.Tests;

/// <summary>The agent report's figures for a hand-built morning of one agent who serves two tenants, stored as the consumers store
/// Routing's events (offers, returns, legs, state changes) and read back through the store and the one counter.</summary>
public abstract class AgentReportTests<TDatabase>(TDatabase db) : IClassFixture<TDatabase> where TDatabase : TestDatabase
{
    private static readonly DateTimeOffset T = Utc(2026, 11, 10, 8, 0); // 09:00 in the centre's zone here, Europe/Paris (UTC+1)
    private static readonly LocalDate Day = new(2026, 11, 10);
    private readonly CallRecordStore _calls = new(db.Database);
    private readonly AgentReportStore _store = new(db.Database);
    private readonly AgentStateStore _states = new(db.Database);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private AgentReportBuilder Builder(string agent, string other, string? agentTeam = null, string? otherTeam = null) => new(_store,
        new CentreDefinition([], [], [new AgentDefinition(agent, "Karim Chraibi", new Dictionary<string, int>()) { Team = agentTeam },
            new AgentDefinition(other, "Anas Alaoui", new Dictionary<string, int>()) { Team = otherTeam }]),
        new CentreTimeZone(TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")), new FixedClock(Utc(2026, 11, 11, 12, 0)));

    /// <summary>Agent <paramref name="a"/> (tenants t1 and t2): declines c1 of t1, misses it at the second ring (NotReady
    /// "missed" until 08:20), answers c2 of t2 (240 s talk, 60 s hold, 30 s wrap-up), then c1 (300 s, transferred, 10 s wrap-up),
    /// takes a 15-minute break from 08:40 and logs out at 08:55. Agent <paramref name="b"/> serves t2 only. Every event twice.</summary>
    private async Task SeedAsync(string a, string b, string t1, string t2)
    {
        Guid c1 = Guid.NewGuid(), c2 = Guid.NewGuid(), c3 = Guid.NewGuid();
        async Task State(string agent, string[] tenants, string state, double minutes, string? reason = null)
        {
            for (var i = 0; i < 2; i++)
                await _states.RecordAsync(agent, tenants, state, At(minutes), default, reason);
        }
        async Task Offer(Guid call, string tenant, double minutes, string? returned, double returnedAfter)
        {
            for (var i = 0; i < 2; i++)
            {
                if (returned is not null)
                    await _store.RecordOfferAsync(call, tenant, "q", a, At(minutes), returned, At(minutes).AddSeconds(returnedAfter), default);
                await _store.RecordOfferAsync(call, tenant, "q", a, At(minutes), null, null, default);
            }
        }
        async Task Leg(Guid call, string tenant, string agent, DateTimeOffset answered, string endedBy, double talk, double hold, double wrap)
        {
            for (var i = 0; i < 2; i++)
                await _calls.UpsertAsync(CallRecordConsumer.CallFactsOf(new CallLegEnded(call, tenant, "q", agent, answered.AddSeconds(-20),
                    answered, answered.AddSeconds(talk + hold), endedBy, talk, hold, wrap, null)), default);
        }

        string[] both = [t1, t2];
        await State(a, both, "Available", 0);
        await State(a, both, "Reserved", 10);
        await Offer(c1, t1, 10, OfferReturn.Rejected, 5);
        await State(a, both, "Available", 10 + 5 / 60.0);
        await State(a, both, "Reserved", 10 + 10 / 60.0);
        await Offer(c1, t1, 10 + 10 / 60.0, OfferReturn.Missed, 15);
        await State(a, both, "NotReady", 10 + 25 / 60.0, "missed");
        await State(a, both, "Available", 20);
        await State(a, both, "Reserved", 21);
        await Offer(c2, t2, 21, null, 0);
        await State(a, both, "OnCall", 21 + 5 / 60.0);
        await State(a, both, "AfterCallWork", 26 + 5 / 60.0);
        await State(a, both, "Available", 26 + 35 / 60.0);
        await Leg(c2, t2, a, T.AddMinutes(21).AddSeconds(5), CallLegEnd.Completed, 240, 60, 30);
        await State(a, both, "Reserved", 30);
        await Offer(c1, t1, 30, null, 0);
        await State(a, both, "OnCall", 30 + 10 / 60.0);
        await State(a, both, "AfterCallWork", 35 + 10 / 60.0);
        await State(a, both, "Available", 35 + 20 / 60.0);
        await Leg(c1, t1, a, T.AddMinutes(30).AddSeconds(10), CallLegEnd.Transferred, 300, 0, 10);
        await State(a, both, "NotReady", 40, "break");
        await State(a, both, "LoggedOut", 55);

        await State(b, [t2], "Available", 0);
        await State(b, [t2], "OnCall", 1);
        await State(b, [t2], "LoggedOut", 6);
        await Leg(c3, t2, b, T.AddMinutes(1), CallLegEnd.Completed, 300, 0, 0);
    }

    private static DateTimeOffset At(double minutes) => T.AddSeconds(Math.Round(minutes * 60));

    private static AgentPerformanceRow Row(AgentPerformanceReport report, string? agent, string period) =>
        Assert.Single(report.Rows, r => (agent is null ? r.IsCentre : r.AgentId == agent) && r.Period == period);

    private static AgentPerformanceRow TeamRow(AgentPerformanceReport report, string team, string period) =>
        Assert.Single(report.Rows, r => r.AgentId is null && r.Team == team && r.Period == period);

    [Fact]
    public async Task OneTenant_CountsOnlyItsCalls_AndTheAgentsWholeTime()
    {
        string a = "ag-" + Guid.NewGuid().ToString("N")[..8], b = "ag-" + Guid.NewGuid().ToString("N")[..8];
        string t1 = NewTenant(), t2 = NewTenant();
        await SeedAsync(a, b, t1, t2);

        var report = await Builder(a, b).BuildAsync([t1], Day, Day, Granularity.Interval, 15, default);

        Assert.DoesNotContain(report.Rows, r => r.AgentId == b);
        var total = Row(report, a, AgentPerformanceReport.Total);
        Assert.Equal("Karim Chraibi", total.AgentName);
        Assert.Equal((3L, 1L, 1L, 1L, 1L), (total.Offered, total.Answered, total.Missed, total.Rejected, total.Transfers));
        Assert.Equal((300.0, 0.0, 10.0, 310.0), (total.TalkSeconds, total.HoldSeconds, total.AfterCallWorkSeconds, total.HandleSeconds));
        Assert.Equal(310.0, total.AverageHandleSeconds);
        Assert.Equal(3300.0, total.LoggedInSeconds);               // 08:00 → 08:55
        Assert.Equal(1825.0, total.StaffedSeconds);                // less 575 s NotReady(missed) and 900 s NotReady(break)
        Assert.Equal(640.0, total.BusySeconds);                    // both calls' OnCall + AfterCallWork: state time is the agent's own
        Assert.Equal(640.0 / 1825.0, total.Occupancy!.Value, 12);
        Assert.Equal(1475.0, total.NotReadySeconds);
        Assert.Equal(new Dictionary<string, double> { ["break"] = 900, ["missed"] = 575 }, total.NotReadyByReason);

        var first = Row(report, a, "2026-11-10T09:00");             // 08:00–08:15 UTC
        Assert.Equal("+01:00", first.UtcOffset);
        Assert.Equal((2L, 0L, 1L, 1L), (first.Offered, first.Answered, first.Missed, first.Rejected));
        Assert.Equal((900.0, 275.0), (first.LoggedInSeconds, first.NotReadySeconds));
        Assert.Null(first.AverageHandleSeconds);
        var third = Row(report, a, "2026-11-10T09:30");             // 08:30–08:45 UTC
        Assert.Equal((1L, 1L, 300.0, 10.0), (third.Offered, third.Answered, third.TalkSeconds, third.AfterCallWorkSeconds));
        Assert.Equal(300.0, third.NotReadyByReason["break"]);
        Assert.Equal(4, report.Rows.Count(r => r.AgentId == a && r.Period != AgentPerformanceReport.Total));

        var centre = Row(report, null, AgentPerformanceReport.Total);
        Assert.Equal((total.Offered, total.Answered, total.HandleSeconds, total.LoggedInSeconds),
            (centre.Offered, centre.Answered, centre.HandleSeconds, centre.LoggedInSeconds));
        Assert.Equal([new HandleTimeBin(a, 300, 1)], report.HandleTimeDistribution);
    }

    [Fact]
    public async Task BothTenants_CountEveryCall_AndTheCentreAddsUpTheAgents()
    {
        string a = "ag-" + Guid.NewGuid().ToString("N")[..8], b = "ag-" + Guid.NewGuid().ToString("N")[..8];
        string t1 = NewTenant(), t2 = NewTenant();
        await SeedAsync(a, b, t1, t2);

        var report = await Builder(a, b).BuildAsync([t1, t2], Day, Day, Granularity.Day, 30, default);

        var ofA = Row(report, a, AgentPerformanceReport.Total);
        Assert.Equal((4L, 2L, 1L, 1L), (ofA.Offered, ofA.Answered, ofA.Missed, ofA.Rejected));
        Assert.Equal((540.0, 60.0, 40.0, 640.0), (ofA.TalkSeconds, ofA.HoldSeconds, ofA.AfterCallWorkSeconds, ofA.HandleSeconds));
        Assert.Equal(320.0, ofA.AverageHandleSeconds);
        var ofB = Row(report, b, "2026-11-10T00:00");
        Assert.Equal("Anas Alaoui", ofB.AgentName);
        Assert.Equal((0L, 1L, 360.0, 360.0, 300.0), (ofB.Offered, ofB.Answered, ofB.LoggedInSeconds, ofB.StaffedSeconds, ofB.BusySeconds));
        var centre = Row(report, null, "2026-11-10T00:00");
        Assert.Equal((4L, 3L, 940.0, 3660.0, 940.0), (centre.Offered, centre.Answered, centre.HandleSeconds, centre.LoggedInSeconds, centre.BusySeconds));
        Assert.Equal(940.0 / 2185.0, centre.Occupancy!.Value, 12);
        Assert.Equal([new HandleTimeBin(a, 300, 1), new HandleTimeBin(a, 330, 1), new HandleTimeBin(b, 300, 1)],
            report.HandleTimeDistribution.Where(d => d.AgentId == a || d.AgentId == b).OrderBy(d => d.AgentId == b).ThenBy(d => d.FromSeconds));
    }

    [Fact]
    public async Task Adherence_TheLatestMeasurementOfEachDay_DividedAfterSumming_ForListedAgentsAndWholeDaysOnly()
    {
        string a = "ag-" + Guid.NewGuid().ToString("N")[..8], b = "ag-" + Guid.NewGuid().ToString("N")[..8], unlisted = "ag-" + Guid.NewGuid().ToString("N")[..8];
        string t1 = NewTenant(), t2 = NewTenant();
        await SeedAsync(a, b, t1, t2);
        var day = new DateOnly(2026, 11, 10);
        Task Record(string agent, DateOnly date, int untilHour, double e, double i, double w, double p) =>
            _states.RecordAdherenceAsync(new AgentAdherenceRecorded(agent, date, Utc(2026, 11, date.Day, untilHour, 0), e, i, w, p));
        await Record(a, day, 10, 60, 30, 60, 20);
        await Record(a, day, 12, 240, 200, 225, 194);
        await Record(a, day, 11, 120, 10, 120, 10);                 // older than what is kept: ignored
        await Record(a, day.AddDays(1), 12, 100, 100, 100, 50);
        await Record(b, day, 12, 100, 50, 100, 100);
        await Record(unlisted, day, 12, 100, 0, 100, 0);

        var report = await Builder(a, b).BuildAsync([t1, t2], Day, Day.PlusDays(1), Granularity.Day, 30, default);

        var first = Row(report, a, "2026-11-10T00:00");
        Assert.Equal((200.0 / 240, 194.0 / 225), (first.Adherence, first.Conformance));
        Assert.Equal((1.0, 0.5), (Row(report, a, "2026-11-11T00:00").Adherence, Row(report, a, "2026-11-11T00:00").Conformance));
        Assert.Equal((300.0 / 340, 244.0 / 325), (Row(report, a, AgentPerformanceReport.Total).Adherence, Row(report, a, AgentPerformanceReport.Total).Conformance));
        Assert.Equal((0.5, 1.0), (Row(report, b, "2026-11-10T00:00").Adherence, Row(report, b, "2026-11-10T00:00").Conformance));
        Assert.Equal((250.0 / 340, 294.0 / 325), (Row(report, null, "2026-11-10T00:00").Adherence, Row(report, null, "2026-11-10T00:00").Conformance));
        Assert.DoesNotContain(report.Rows, r => r.AgentId == unlisted);

        var intervals = await Builder(a, b).BuildAsync([t1, t2], Day, Day, Granularity.Interval, 30, default);
        Assert.All(intervals.Rows, r => Assert.Null(r.Adherence));
    }

    [Fact]
    public async Task Teams_SubtotalsAddUpTheirAgentsThenDivide_AndAFilterKeepsOneTeam()
    {
        string a = "ag-" + Guid.NewGuid().ToString("N")[..8], b = "ag-" + Guid.NewGuid().ToString("N")[..8];
        string t1 = NewTenant(), t2 = NewTenant();
        await SeedAsync(a, b, t1, t2);

        var together = await Builder(a, b, "North", "North").BuildAsync([t1, t2], Day, Day, Granularity.Day, 30, default);
        foreach (var period in new[] { "2026-11-10T00:00", AgentPerformanceReport.Total })
        {
            var team = TeamRow(together, "North", period);
            Assert.Equal(Row(together, null, period) with { Team = "North" }, team with { NotReadyByReason = Row(together, null, period).NotReadyByReason });
            Assert.Equal((4L, 3L, 940.0, 3660.0), (team.Offered, team.Answered, team.HandleSeconds, team.LoggedInSeconds));
            Assert.Equal(940.0 / 3, team.AverageHandleSeconds);     // not the mean of the agents' 320 s and 300 s
            Assert.Equal(940.0 / 2185.0, team.Occupancy!.Value, 12);
        }
        Assert.Equal("North", Row(together, a, AgentPerformanceReport.Total).Team);

        var apart = await Builder(a, b, "North", "South").BuildAsync([t1, t2], Day, Day, Granularity.Day, 30, default);
        Assert.Equal((4L, 2L, 640.0), (TeamRow(apart, "North", AgentPerformanceReport.Total).Offered,
            TeamRow(apart, "North", AgentPerformanceReport.Total).Answered, TeamRow(apart, "North", AgentPerformanceReport.Total).HandleSeconds));
        Assert.Equal((1L, 300.0, 360.0), (TeamRow(apart, "South", AgentPerformanceReport.Total).Answered,
            TeamRow(apart, "South", AgentPerformanceReport.Total).HandleSeconds, TeamRow(apart, "South", AgentPerformanceReport.Total).LoggedInSeconds));
        Assert.Equal(3L, Row(apart, null, AgentPerformanceReport.Total).Answered);

        var south = await Builder(a, b, "North", "South").BuildAsync([t1, t2], Day, Day, Granularity.Day, 30, default, team: "South");
        Assert.Equal("South", south.Team);
        Assert.DoesNotContain(south.Rows, r => r.AgentId == a || r.IsCentre || r.Team == "North");
        Assert.Equal(TeamRow(apart, "South", AgentPerformanceReport.Total), TeamRow(south, "South", AgentPerformanceReport.Total)
            with { NotReadyByReason = TeamRow(apart, "South", AgentPerformanceReport.Total).NotReadyByReason });
        Assert.Equal([new HandleTimeBin(b, 300, 1)], south.HandleTimeDistribution);

        var nobody = await Builder(a, b).BuildAsync([t1, t2], Day, Day, Granularity.Day, 30, default);
        Assert.DoesNotContain(nobody.Rows, r => r.Team is not null);
    }

    [Fact]
    public async Task NoActivity_OnlyTheCentreTotal_WithNoAverages()
    {
        var report = await Builder("x", "y").BuildAsync([NewTenant()], Day, Day, Granularity.Month, 30, default);

        var centre = Assert.Single(report.Rows);
        Assert.Equal((null, AgentPerformanceReport.Total, 0L), (centre.AgentId, centre.Period, centre.Offered));
        Assert.Null(centre.Occupancy);
        Assert.Null(centre.AverageHandleSeconds);
    }
}

public sealed class SqliteAgentReportTests(SqliteTestDatabase db) : AgentReportTests<SqliteTestDatabase>(db);

public sealed class PostgresAgentReportTests(PostgresTestDatabase db) : AgentReportTests<PostgresTestDatabase>(db);

/// <summary>The counter alone: state time is clipped to the periods and to now, and a state begun before the range counts from
/// its start.</summary>
public sealed class AgentPerformanceCounterTests
{
    private static readonly ReportingCalendar Utc0 = new("Etc/UTC");

    [Fact]
    public void StateBeforeTheRange_AndStateStillOpen_AreClipped()
    {
        var (from, to) = Utc0.Range(new LocalDate(2026, 11, 10), new LocalDate(2026, 11, 10));
        var periods = Utc0.Periods(from, to, Granularity.Interval, 30).ToList();
        AgentStateChange[] states =
        [
            new("a", "NotReady", null, from.AddHours(-2)),   // in force when the range starts
            new("a", "Available", null, from.AddMinutes(20)),
            new("a", "OnCall", null, from.AddMinutes(50)),   // still on the call at "now"
        ];

        var rows = AgentPerformanceCounter.Count(periods, [], [], states, new Dictionary<string, string>(), from.AddMinutes(70));

        var first = Assert.Single(rows, r => r.AgentId == "a" && r.Period == "2026-11-10T00:00");
        Assert.Equal((1800.0, 600.0, 0.0), (first.LoggedInSeconds, first.StaffedSeconds, first.BusySeconds));
        Assert.Equal(1200.0, first.NotReadyByReason["unspecified"]);
        var second = Assert.Single(rows, r => r.AgentId == "a" && r.Period == "2026-11-10T00:30");
        Assert.Equal((1800.0, 1800.0, 600.0), (second.LoggedInSeconds, second.StaffedSeconds, second.BusySeconds));
        Assert.Equal(1.0 / 3, second.Occupancy!.Value, 12);
        var third = Assert.Single(rows, r => r.AgentId == "a" && r.Period == "2026-11-10T01:00");
        Assert.Equal((600.0, 600.0, 600.0, 1.0), (third.LoggedInSeconds, third.StaffedSeconds, third.BusySeconds, third.Occupancy));
        Assert.Equal(3, rows.Count(r => r.AgentId == "a" && r.Period != AgentPerformanceReport.Total));
    }

    [Fact]
    public void LegsAndOffersOutsideTheRange_AreLeftOut()
    {
        var (from, to) = Utc0.Range(new LocalDate(2026, 11, 10), new LocalDate(2026, 11, 10));
        var periods = Utc0.Periods(from, to, Granularity.Day).ToList();
        var bucket = from.ToUnixTimeMilliseconds() / AgentPerformanceCounter.BucketMilliseconds;

        var rows = AgentPerformanceCounter.Count(periods,
            [new AgentLegBucket("a", bucket - 1, 5, 0, 100, 0, 0), new AgentLegBucket("a", bucket + 95, 2, 1, 60, 10, 4)],
            [new AgentOfferBucket("a", bucket + 10, 3, 1, 0), new AgentOfferBucket("a", bucket + 96, 7, 0, 0)], [], new Dictionary<string, string>(), to);

        var day = Assert.Single(rows, r => r.AgentId == "a" && r.Period == "2026-11-10T00:00");
        Assert.Equal((3L, 2L, 1L, 1L, 74.0, 37.0), (day.Offered, day.Answered, day.Missed, day.Transfers, day.HandleSeconds, day.AverageHandleSeconds));
    }
}
