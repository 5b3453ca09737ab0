using System.Security.Claims;
using CallCentre.Hosting.Centre;
using CallCentre.Scheduling.Adherence;
using CallCentre.Scheduling.Api;
using CallCentre.Scheduling.Data;
using CallCentre.Scheduling.Tests.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallCentre.Scheduling.Tests.Api;

/// <summary>The publishing handler called directly on a SQLite database, in Paris time (clock changes on 29 March and
/// 25 October 2026): what it stores, and a 400 naming the field for each kind of bad schedule.</summary>
public class PublishedScheduleApiTests(SqliteTestDatabase db) : IClassFixture<SqliteTestDatabase>
{
    private static readonly CentreCalendar Paris = CentreCalendar.For("Europe/Paris");
    private static readonly CentreDefinition Centre = new([], [],
        [.. new[] { "agent01", "agent02", "agent03", "agent04", "agent05", "agent06" }.Select(id => new AgentDefinition(id, id, new Dictionary<string, int>()))]);
    // An admin: these tests are about what a schedule may hold; which agents a supervisor may publish for is SchedulingTenantWall's.
    private static readonly ClaimsPrincipal Supervisor = new(new ClaimsIdentity([new Claim("sub", "supervisor"), new Claim("role", "admin")], "test", "name", "role"));
    private ScheduleStore Store => new(db.Database);

    private Task<Results<Ok<PublishedScheduleResponse>, ValidationProblem>> Publish(PublishScheduleRequest request) =>
        PublishedScheduleApi.Publish(request, Supervisor, Store, Centre, Paris, TimeProvider.System, default);

    private static AgentDayDto Day(string agent, string date, params ActivityDto[] activities) =>
        new(agent, DateOnly.Parse(date), Activities: activities);

    private static ActivityDto A(string kind, string start, string end) => new(kind, start, end);

    private async Task<IDictionary<string, string[]>> Bad(PublishScheduleRequest request)
    {
        var problem = Assert.IsType<ValidationProblem>((await Publish(request)).Result);
        Assert.Equal(400, problem.StatusCode);
        return problem.ProblemDetails.Errors;
    }

    [Fact]
    public async Task LocalTimes_AreReadInTheCentresZone_AcrossTheSpringForwardNight()
    {
        var ok = Assert.IsType<Ok<PublishedScheduleResponse>>((await Publish(new(Days:
        [
            Day("agent01", "2026-03-28", A("work", "2026-03-28T22:00", "2026-03-29T01:30"), A("break", "2026-03-29T01:30", "2026-03-29T01:45"),
                A("work", "2026-03-29T01:45", "2026-03-29T04:00")),
        ]))).Result);
        var day = Assert.Single(ok.Value!.Days);
        Assert.Equal("Europe/Paris", ok.Value.TimeZone);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 4, 0, 0, TimeSpan.FromHours(2)), day.Activities[^1].End);
        // 22:00 CET to 04:00 CEST is five hours, not six.
        Assert.Equal(TimeSpan.FromHours(5), day.Activities[^1].End - day.Activities[0].Start);
    }

    [Fact]
    public async Task ASkippedLocalTime_IsRefused()
    {
        var errors = await Bad(new(Days: [Day("agent02", "2026-03-29", A("work", "2026-03-29T02:30", "2026-03-29T05:00"))]));
        Assert.Contains("does not exist", Assert.Single(errors["days[0].activities[0].start"]));
    }

    [Fact]
    public async Task ANightShift_MayNotRunIntoTheNextDaysPublishedShift()
    {
        Assert.IsType<Ok<PublishedScheduleResponse>>((await Publish(new(Days:
            [Day("agent03", "2026-11-11", A("work", "2026-11-11T05:00", "2026-11-11T13:00"))]))).Result);
        var errors = await Bad(new(Days: [Day("agent03", "2026-11-10", A("work", "2026-11-10T22:00", "2026-11-11T06:00"))]));
        Assert.Contains("2026-11-11", Assert.Single(errors["days[0].activities[0]"]));

        // Within one request too.
        errors = await Bad(new(Days:
        [
            Day("agent04", "2026-11-10", A("work", "2026-11-10T22:00", "2026-11-11T06:00")),
            Day("agent04", "2026-11-11", A("work", "2026-11-11T05:00", "2026-11-11T13:00")),
        ]));
        Assert.True(errors.ContainsKey("days[1].activities[0]"));
    }

    [Fact]
    public async Task EachKindOfBadDay_NamesItsField()
    {
        var errors = await Bad(new(Days:
        [
            new AgentDayDto("agent05", new DateOnly(2026, 11, 10), DayOff: true, Activities: [A("work", "2026-11-10T08:00", "2026-11-10T09:00")]),
            new AgentDayDto("agent05", new DateOnly(2026, 11, 12)),
            new AgentDayDto("agent05", null, Activities: [A("work", "2026-11-13T08:00", "2026-11-13T09:00")]),
            Day("agent05", "2026-11-14", A("work", "2026-11-15T08:00", "2026-11-15T09:00")),
            Day("agent05", "2026-11-16", A("work", "2026-11-16T08:00", "2026-11-16T20:00"), A("work", "2026-11-17T07:00", "2026-11-17T09:00")),
            Day("agent05", "2026-11-16", A("work", "2026-11-16T08:00", "2026-11-16T09:00")),
        ]));
        Assert.Equal(
            ["days[0].activities", "days[1].activities", "days[2].date", "days[3].activities[0].start", "days[4]", "days[5]"],
            errors.Keys.Order());
    }

    [Fact]
    public async Task SolverShifts_BreakOutsideTheShift_AndLunchOverBreak_AreRefused()
    {
        var errors = await Bad(new(Shifts:
        [
            new PublishedShiftDto("agent06", "early", "2026-11-10T08:00:00", "2026-11-10T16:00:00", new ShiftRangeDto("2026-11-10T15:50:00", "2026-11-10T16:05:00")),
            new PublishedShiftDto("agent06", "early", "2026-11-11T08:00:00", "2026-11-11T16:00:00", new ShiftRangeDto("2026-11-11T12:00:00", "2026-11-11T12:15:00"),
                new ShiftRangeDto("2026-11-11T12:10:00", "2026-11-11T12:40:00")),
        ]));
        Assert.Equal(["shifts[0].break", "shifts[1].lunch"], errors.Keys.Order());
    }

    [Fact]
    public async Task APeriod_GivesDaysOff_AndRefusesEntriesOutsideIt()
    {
        var errors = await Bad(new(new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 8),
            Days: [Day("agent06", "2026-12-09", A("work", "2026-12-09T08:00", "2026-12-09T09:00"))]));
        Assert.True(errors.ContainsKey("days[0]"));

        var ok = Assert.IsType<Ok<PublishedScheduleResponse>>((await Publish(new(new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 9),
            Days: [Day("agent06", "2026-12-08", A("training", "2026-12-08T09:00", "2026-12-08T12:00"))]))).Result);
        Assert.Equal([true, false, true], ok.Value!.Days.Select(d => d.DayOff));
        Assert.Equal("training", ok.Value.Days[1].Activities[0].Kind);
        Assert.Equal(3, (await Store.ListAsync(new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 9), "agent06")).Count);
    }
}
