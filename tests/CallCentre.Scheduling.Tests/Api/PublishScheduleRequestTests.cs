using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Errors;
using CallCentre.Scheduling.Adherence;
using CallCentre.Scheduling.Api;

namespace CallCentre.Scheduling.Tests.Api;

/// <summary>The publish body read into day plans, without a store.</summary>
public class PublishScheduleRequestTests
{
    private static readonly CentreCalendar Paris = CentreCalendar.For("Europe/Paris");
    private static readonly CentreDefinition Centre = new([], [],
        [.. new[] { "agent01", "agent02" }.Select(id => new AgentDefinition(id, id, new Dictionary<string, int>()))]);

    [Fact]
    public void SolverShift_CutIntoWorkAndPauses_OnTheDayItStarts_WithThePeriodFilledWithDaysOff()
    {
        var errors = new ValidationErrors();
        var request = new PublishScheduleRequest(new DateOnly(2026, 11, 27), new DateOnly(2026, 11, 29), Shifts:
        [
            new PublishedShiftDto("agent01", "night", "2026-11-27T22:00", "2026-11-28T06:00",
                new ShiftRangeDto("2026-11-28T00:00", "2026-11-28T00:15"), new ShiftRangeDto("2026-11-28T02:00", "2026-11-28T02:30")),
        ]);

        var plans = request.Read(Centre, Paris, errors);

        Assert.Empty(errors);
        Assert.NotNull(plans);
        var night = Assert.Single(plans, p => !p.DayOff);
        Assert.Equal(new DateOnly(2026, 11, 27), night.Date);
        Assert.Equal([ActivityKind.Work, ActivityKind.Break, ActivityKind.Work, ActivityKind.Lunch, ActivityKind.Work],
            night.Activities.Select(a => a.Activity.Kind));
        Assert.Equal(["shifts[0]", "shifts[0].break", "shifts[0]", "shifts[0].lunch", "shifts[0]"], night.Activities.Select(a => a.Source));
        Assert.Equal([new DateOnly(2026, 11, 28), new DateOnly(2026, 11, 29)], plans.Where(p => p.DayOff).Select(p => p.Date).Order());
        Assert.All(plans, p => Assert.Equal("agent01", p.AgentId));
    }

    [Fact]
    public void OverlapInADay_AndAnUnknownAgent_EachNamedByItsField_NothingRead()
    {
        var errors = new ValidationErrors();
        var request = new PublishScheduleRequest(Days:
        [
            new AgentDayDto("agent02", new DateOnly(2026, 11, 27), Activities:
                [new ActivityDto("work", "2026-11-27T08:00", "2026-11-27T12:00"), new ActivityDto("break", "2026-11-27T11:00", "2026-11-27T11:15")]),
            new AgentDayDto("agent99", new DateOnly(2026, 11, 27), DayOff: true),
        ]);

        Assert.Null(request.Read(Centre, Paris, errors));
        Assert.Equal(["days[0].activities[1]", "days[1].agentId"], errors.Keys.Order());
    }

    [Fact]
    public void EmptyBody_NamesDays()
    {
        var errors = new ValidationErrors();

        Assert.Null(new PublishScheduleRequest().Read(Centre, Paris, errors));
        Assert.Equal(["days"], errors.Keys);
    }
}
