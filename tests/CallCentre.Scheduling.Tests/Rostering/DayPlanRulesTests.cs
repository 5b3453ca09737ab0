using CallCentre.Scheduling.Adherence;
using CallCentre.Scheduling.Rostering;
using CallCentre.Scheduling.Tests.Adherence;

namespace CallCentre.Scheduling.Tests.Rostering;

public class DayPlanRulesTests
{
    private readonly AdherenceTestData _data = new("Africa/Casablanca");

    private DayPlan Plan(string date, params (ActivityKind Kind, string From, string To, string Source)[] activities)
    {
        var plan = new DayPlan("agent01", DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), false, $"day {date}");
        plan.Activities.AddRange(activities.Select(a => new PlannedActivity(_data.Activity(a.Kind, a.From, a.To), a.Source)));
        plan.Order();
        return plan;
    }

    [Fact]
    public void Order_PutsActivitiesInTimeOrder_TiesKeepTheirOrder()
    {
        var plan = Plan("2026-11-27", (ActivityKind.Work, "2026-11-27 10:00", "2026-11-27 12:00", "late"),
            (ActivityKind.Break, "2026-11-27 08:00", "2026-11-27 08:15", "first"), (ActivityKind.Work, "2026-11-27 08:00", "2026-11-27 09:00", "second"));

        Assert.Equal(["first", "second", "late"], plan.Activities.Select(a => a.Source));
    }

    [Fact]
    public void OverlapsWithin_NamesTheLaterAndTheEarlier_TouchingIsNoOverlap()
    {
        var plan = Plan("2026-11-27", (ActivityKind.Work, "2026-11-27 08:00", "2026-11-27 10:00", "a"),
            (ActivityKind.Break, "2026-11-27 09:30", "2026-11-27 09:45", "b"), (ActivityKind.Work, "2026-11-27 10:00", "2026-11-27 12:00", "c"));

        var overlap = Assert.Single(DayPlanRules.OverlapsWithin(plan));
        Assert.Equal(("b", "a"), (overlap.Later.Source, overlap.Earlier.Source));
    }

    [Fact]
    public void StartsOnItsDate_ANightShiftMayEndTomorrow_ButNotStartThere()
    {
        var night = Plan("2026-11-27", (ActivityKind.Work, "2026-11-27 22:00", "2026-11-28 06:00", "n"));
        var early = Plan("2026-11-27", (ActivityKind.Work, "2026-11-28 00:30", "2026-11-28 06:00", "e"));

        Assert.True(DayPlanRules.StartsOnItsDate(night, _data.Calendar));
        Assert.False(DayPlanRules.StartsOnItsDate(early, _data.Calendar));
    }

    [Fact]
    public void SpansAtMostADay_TwentyFourHoursExactly_ButNotAMinuteMore()
    {
        var day = Plan("2026-11-27", (ActivityKind.Work, "2026-11-27 06:00", "2026-11-27 18:00", "a"),
            (ActivityKind.Work, "2026-11-27 20:00", "2026-11-28 06:00", "b"));
        var longer = Plan("2026-11-27", (ActivityKind.Work, "2026-11-27 06:00", "2026-11-28 06:01", "a"));

        Assert.True(DayPlanRules.SpansAtMostADay(day));
        Assert.False(DayPlanRules.SpansAtMostADay(longer));
    }

    [Fact]
    public void OverlapsAcrossDays_ANightShiftRunningIntoTheNextDaysShift()
    {
        var friday = Plan("2026-11-27", (ActivityKind.Work, "2026-11-27 22:00", "2026-11-28 07:00", "friday"));
        var saturday = Plan("2026-11-28", (ActivityKind.Work, "2026-11-28 06:00", "2026-11-28 14:00", "saturday"));
        var sunday = Plan("2026-11-29", (ActivityKind.Work, "2026-11-29 06:00", "2026-11-29 14:00", "sunday"));

        var overlap = Assert.Single(DayPlanRules.OverlapsAcrossDays([sunday, saturday, friday]));
        Assert.Equal(("saturday", "friday"), (overlap.Later.Source, overlap.Earlier.Source));
    }

    [Fact]
    public void OverlapsWithPublished_IgnoresReplacedDaysAndOtherAgents()
    {
        var saturday = Plan("2026-11-28", (ActivityKind.Work, "2026-11-28 06:00", "2026-11-28 14:00", "saturday"));
        var published = new[]
        {
            _data.Day("2026-11-27", _data.Activity(ActivityKind.Work, "2026-11-27 22:00", "2026-11-28 07:00")),
            _data.Day("2026-11-28", _data.Activity(ActivityKind.Work, "2026-11-28 06:00", "2026-11-28 14:00")),   // the day replaced
            _data.Day("2026-11-27", _data.Activity(ActivityKind.Work, "2026-11-27 22:00", "2026-11-28 07:00")) with { AgentId = "agent02" },
        };

        var overlap = Assert.Single(DayPlanRules.OverlapsWithPublished([saturday], published));
        Assert.Equal((new DateOnly(2026, 11, 27), "saturday"), (overlap.PublishedOn, overlap.Activity.Source));
    }

    [Fact]
    public void ToAgentDay_KeepsTheActivitiesInOrder()
    {
        var plan = Plan("2026-11-27", (ActivityKind.Lunch, "2026-11-27 12:00", "2026-11-27 13:00", "l"),
            (ActivityKind.Work, "2026-11-27 08:00", "2026-11-27 12:00", "w"));

        var day = plan.ToAgentDay();

        Assert.Equal([ActivityKind.Work, ActivityKind.Lunch], day.Activities.Select(a => a.Kind));
        Assert.False(day.DayOff);
    }
}
