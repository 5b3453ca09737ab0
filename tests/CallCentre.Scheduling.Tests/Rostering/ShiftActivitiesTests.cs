using CallCentre.Scheduling.Adherence;
using CallCentre.Scheduling.Rostering;

namespace CallCentre.Scheduling.Tests.Rostering;

public class ShiftActivitiesTests
{
    private static readonly DateTimeOffset Eight = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    private static PlannedActivity Pause(ActivityKind kind, int fromMinute, int toMinute, string source) =>
        new(new ScheduledActivity(kind, Eight.AddMinutes(fromMinute), Eight.AddMinutes(toMinute)), source);

    [Fact]
    public void ShiftWithBreakAndLunch_WorkAroundThemInTimeOrder()
    {
        var cut = ShiftActivities.Cut(Eight, Eight.AddHours(8), "shifts[0]",
            [Pause(ActivityKind.Lunch, 240, 300, "shifts[0].lunch"), Pause(ActivityKind.Break, 120, 135, "shifts[0].break")]);

        Assert.Equal([ActivityKind.Work, ActivityKind.Break, ActivityKind.Work, ActivityKind.Lunch, ActivityKind.Work], cut.Select(a => a.Activity.Kind));
        Assert.Equal(["shifts[0]", "shifts[0].break", "shifts[0]", "shifts[0].lunch", "shifts[0]"], cut.Select(a => a.Source));
        Assert.Equal(Eight.AddMinutes(120), cut[0].Activity.End);
        Assert.Equal(Eight.AddMinutes(135), cut[2].Activity.Start);
    }

    [Fact]
    public void PauseAtTheShiftsEdges_NoEmptyWork()
    {
        var cut = ShiftActivities.Cut(Eight, Eight.AddHours(2), "s", [Pause(ActivityKind.Break, 0, 15, "b"), Pause(ActivityKind.Lunch, 90, 120, "l")]);

        Assert.Equal([ActivityKind.Break, ActivityKind.Work, ActivityKind.Lunch], cut.Select(a => a.Activity.Kind));
    }

    [Fact]
    public void PauseOutsideTheShift_Refused() =>
        Assert.Throws<ArgumentException>(() => ShiftActivities.Cut(Eight, Eight.AddHours(2), "s", [Pause(ActivityKind.Break, 110, 130, "b")]));

    [Fact]
    public void OverlappingPauses_Refused() =>
        Assert.Throws<ArgumentException>(() => ShiftActivities.Cut(Eight, Eight.AddHours(8), "s",
            [Pause(ActivityKind.Break, 100, 130, "b"), Pause(ActivityKind.Lunch, 120, 180, "l")]));

    [Fact]
    public void RandomShifts_CoverTheShiftExactly_WithoutOverlap_KeepingEachPause()
    {
        var random = new Random(14);
        for (var n = 0; n < 2_000; n++)
        {
            var length = random.Next(1, 14 * 60);
            var start = Eight.AddMinutes(random.Next(0, 24 * 60));
            var end = start.AddMinutes(length);
            var pauses = new List<PlannedActivity>();
            var at = 0;
            for (var p = 0; p < random.Next(0, 4) && at < length; p++)
            {
                var from = random.Next(at, length);
                var to = random.Next(from + 1, length + 1);
                pauses.Add(new PlannedActivity(new ScheduledActivity(p % 2 == 0 ? ActivityKind.Break : ActivityKind.Lunch, start.AddMinutes(from),
                    start.AddMinutes(to)), $"pause{p}"));
                at = to;
            }

            var cut = ShiftActivities.Cut(start, end, "shift", pauses.OrderBy(_ => random.Next()).ToList());

            Assert.Equal(start, cut[0].Activity.Start);
            Assert.Equal(end, cut[^1].Activity.End);
            for (var i = 1; i < cut.Count; i++)
                Assert.Equal(cut[i - 1].Activity.End, cut[i].Activity.Start);   // no gap, no overlap
            Assert.All(cut, a => Assert.True(a.Activity.End > a.Activity.Start));
            Assert.Equal(pauses.OrderBy(p => p.Activity.Start), cut.Where(a => a.Activity.Kind != ActivityKind.Work));
            Assert.All(cut.Where(a => a.Activity.Kind == ActivityKind.Work), a => Assert.Equal("shift", a.Source));
            Assert.Equal(TimeSpan.FromMinutes(length - pauses.Sum(p => p.Activity.Length.TotalMinutes)),
                TimeSpan.FromMinutes(cut.Where(a => a.Activity.Kind == ActivityKind.Work).Sum(a => a.Activity.Length.TotalMinutes)));
        }
    }
}
