using CallCentre.Scheduling.Adherence;

namespace CallCentre.Scheduling.Tests.Adherence;

public class DemoScheduleTests
{
    private static readonly CentreCalendar Casablanca = CentreCalendar.For("Africa/Casablanca");
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 2, 30, TimeSpan.Zero);
    private static readonly IReadOnlyList<string> Agents = Enumerable.Range(1, 40).Select(i => $"agent{i:00}").ToList();

    [Fact]
    public void EveryAgent_GetsAnEightHourShift_FromTheCurrentMinute()
    {
        var days = DemoSchedule.Build(Agents, Now, Casablanca);

        Assert.Equal(40, days.Count);
        Assert.All(days, d =>
        {
            Assert.Equal(new DateOnly(2026, 11, 27), d.Date);
            Assert.Equal(new DateTimeOffset(2026, 11, 27, 10, 2, 0, TimeSpan.Zero), d.Activities[0].Start);
            Assert.Equal(TimeSpan.FromHours(8), d.Activities[^1].End - d.Activities[0].Start);
            Assert.Equal(420, d.Activities.Where(a => a.Kind == ActivityKind.Work).Sum(a => a.Length.TotalMinutes));
            for (var i = 1; i < d.Activities.Count; i++)
                Assert.Equal(d.Activities[i - 1].End, d.Activities[i].Start);
        });
    }

    [Fact]
    public void Breaks_AreStaggered_SoSomeoneIsDueOffThePhonesEveryTenMinutes()
    {
        var days = DemoSchedule.Build(Agents, Now, Casablanca);
        var firstBreaks = days.Select(d => (d.Activities[1].Start - d.Activities[0].Start).TotalMinutes).Distinct().Order().ToList();
        Assert.Equal([20.0, 30, 40, 50, 60, 70], firstBreaks);
        Assert.Equal(4, days.Select(d => d.Activities[3].Start).Distinct().Count());
    }
}
