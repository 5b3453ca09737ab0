using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Calendars;
using CallCentre.Scheduling.Forecasting;

namespace CallCentre.Scheduling.Tests.Forecasting;

public class DayEffectsTests
{
    /// <summary>Weekdays only, one 15-minute slot of 100 calls a day, from Monday 2025-08-04 to Friday 2025-10-31.</summary>
    private static DayGrid WeekdayGrid(params DateOnly[] closed)
    {
        var history = new List<IntervalCount>();
        for (var day = new DateOnly(2025, 8, 4); day <= new DateOnly(2025, 10, 31); day = day.AddDays(1))
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                history.Add(new IntervalCount(day.ToDateTime(new TimeOnly(9, 0)), 100));
        return DayGrid.Build(history, 15, closedDays: closed.ToHashSet());
    }

    private static DayPosition PositionOf(DayGrid grid, DateOnly date) => DayEffects.PositionOf(grid, date.DayNumber - grid.FirstDay.DayNumber);

    [Theory]
    [InlineData("2025-08-29", nameof(DayPosition.LastOpenDay))]
    [InlineData("2025-09-01", nameof(DayPosition.Ordinary))]        // closed (Labor Day)
    [InlineData("2025-09-02", nameof(DayPosition.AfterClosure))]    // also the month's first open day: the closure wins
    [InlineData("2025-09-03", nameof(DayPosition.SecondOpenDay))]
    [InlineData("2025-09-04", nameof(DayPosition.ThirdOpenDay))]
    [InlineData("2025-09-05", nameof(DayPosition.Ordinary))]
    [InlineData("2025-09-30", nameof(DayPosition.LastOpenDay))]
    [InlineData("2025-10-01", nameof(DayPosition.FirstOpenDay))]
    [InlineData("2025-10-13", nameof(DayPosition.AfterClosure))]    // a Monday after a closed Friday: the weekend is not open
    [InlineData("2025-10-30", nameof(DayPosition.LastOpenDay))]     // the 31st is closed
    [InlineData("2025-11-03", nameof(DayPosition.AfterClosure))]    // beyond the history: the calendar alone says
    [InlineData("2025-11-04", nameof(DayPosition.SecondOpenDay))]
    public void PositionOf_CountsOpenDaysOnly(string date, string expected)
    {
        var grid = WeekdayGrid(new DateOnly(2025, 9, 1), new DateOnly(2025, 10, 10), new DateOnly(2025, 10, 31));

        Assert.Equal(expected, PositionOf(grid, DateOnly.Parse(date)).ToString());
    }

    [Fact]
    public void Forecast_LearnsTheMonthStartAndTheDayAfterAClosure()
    {
        // Noiseless synthetic calls, 1.3 times as many on the month's first open day and 1.5 times after a closed day.
        var closed = new HashSet<DateOnly>();   // every fifth Monday from the fourth week
        for (var monday = DateOnly.FromDateTime(SyntheticCalls.FirstMonday).AddDays(7 * 3); monday.Year == 2025; monday = monday.AddDays(7 * 5))
            closed.Add(monday);
        var grid = DayGrid.Build(SyntheticCalls.Generate(7 * 40, noise: false), 15, closedDays: closed);
        var history = SyntheticCalls.Generate(7 * 40, noise: false)
            .Where(p => !closed.Contains(DateOnly.FromDateTime(p.Start)))
            .Select(p =>
            {
                var position = DayEffects.PositionOf(grid, DateOnly.FromDateTime(p.Start).DayNumber - grid.FirstDay.DayNumber);
                return p with { Calls = p.Calls * position switch { DayPosition.FirstOpenDay => 1.3, DayPosition.AfterClosure => 1.5, _ => 1 } };
            }).ToList();
        var from = SyntheticCalls.FirstMonday.AddDays(7 * 40);
        var horizonClosure = DateOnly.FromDateTime(from).AddDays(7);
        closed.Add(horizonClosure);

        var forecast = SeriesForecaster.Forecast(history, 15, from, from.AddDays(21), new ForecastOptions(ForecastMethod.RobustProfile, ClosedDays: closed))
            .Forecast.GroupBy(p => DateOnly.FromDateTime(p.Start)).ToDictionary(g => g.Key, g => g.Sum(p => p.Calls));

        double Ordinary(DateOnly day) => SyntheticCalls.Generate(7 * 43, noise: false).Where(p => DateOnly.FromDateTime(p.Start) == day).Sum(p => p.Calls);
        var afterClosure = horizonClosure.AddDays(1);
        Assert.Equal(1.5, forecast[afterClosure] / Ordinary(afterClosure), 9);
        var positions = DayGrid.Build(history, 15, closedDays: closed);
        DayPosition PositionOf(DateOnly d) => DayEffects.PositionOf(positions, d.DayNumber - positions.FirstDay.DayNumber);
        var firstOpen = forecast.Keys.Single(d => PositionOf(d) == DayPosition.FirstOpenDay);
        // Shrunk toward 1 by its prior of two ordinary days: at least three months seen, so between 1.18 and 1.3.
        Assert.InRange(forecast[firstOpen] / Ordinary(firstOpen), 1.18, 1.3);
        var plain = forecast.Keys.Where(d => d != horizonClosure && PositionOf(d) == DayPosition.Ordinary).ToList();
        Assert.NotEmpty(plain);
        Assert.All(plain, d => Assert.Equal(1, forecast[d] / Ordinary(d), 9));
    }

    [Fact]
    public void Forecast_WithoutClosedDays_TreatsAGapAsAHolidayNotLearnt()
    {
        var history = SyntheticCalls.Generate(7 * 20, noise: false);
        var from = SyntheticCalls.FirstMonday.AddDays(7 * 20);

        var plain = SeriesForecaster.Forecast(history, 15, from, from.AddDays(7), new ForecastOptions(ForecastMethod.RobustProfile)).Forecast;

        Assert.All(plain, p => Assert.Equal(SyntheticCalls.Mean(p.Start, 15, 40), p.Calls, 9));
    }

    [Fact]
    public void CalendarClosedDays_AreTheDaysClosedAllDay()
    {
        var calendar = new TenantCalendar(new TenantCalendarConfiguration(["FR"], "Closed",
            [new CalendarException(new DateOnly(2026, 12, 24), "Christmas Eve", [new CalendarHours(new TimeOnly(9, 0), new TimeOnly(13, 0))]),
             new CalendarException(new DateOnly(2026, 12, 28), "Inventory", [])]), "fr");

        var closed = CalendarForecast.ClosedDays(calendar, new DateOnly(2026, 12, 20), new DateOnly(2027, 1, 2));

        Assert.Equal([new DateOnly(2026, 12, 25), new DateOnly(2026, 12, 28), new DateOnly(2027, 1, 1)], closed.Order());
    }

    [Theory]
    [InlineData(7)]     // the horizon's own Saturday is the model
    [InlineData(3)]     // Monday to Wednesday: no Saturday in the horizon
    public void DayLikeASaturday_IsForecastAsTheSaturday_InItsHours(int horizonDays)
    {
        var history = SyntheticCalls.Generate(7 * 12, noise: false);
        var from = SyntheticCalls.FirstMonday.AddDays(7 * 12);
        var wednesday = DateOnly.FromDateTime(from).AddDays(2);

        var forecast = SeriesForecaster.Forecast(history, 15, from, from.AddDays(horizonDays),
            new ForecastOptions(ForecastMethod.RobustProfile, DaysLike: new Dictionary<DateOnly, DayOfWeek> { [wednesday] = DayOfWeek.Saturday })).Forecast;

        var holiday = forecast.Where(p => DateOnly.FromDateTime(p.Start) == wednesday).ToList();
        var (open, close) = SyntheticCalls.Hours(DayOfWeek.Saturday);
        Assert.Equal((close - open) / 15, holiday.Count);
        Assert.All(holiday, p => Assert.Equal(SyntheticCalls.Mean(from.AddDays(5) + p.Start.TimeOfDay, 15, 40), p.Calls, 9));
        Assert.All(forecast.Where(p => DateOnly.FromDateTime(p.Start) != wednesday), p => Assert.Equal(SyntheticCalls.Mean(p.Start, 15, 40), p.Calls, 9));
    }

    [Fact]
    public void CalendarDaysLike_AreTheHolidaysOpeningLikeASaturday()
    {
        var calendar = new TenantCalendar(new TenantCalendarConfiguration(["FR"], "LikeSaturday", []), "fr");

        var like = CalendarForecast.DaysLike(calendar, new DateOnly(2026, 12, 20), new DateOnly(2027, 1, 2));

        Assert.Equal(new Dictionary<DateOnly, DayOfWeek> { [new DateOnly(2026, 12, 25)] = DayOfWeek.Saturday, [new DateOnly(2027, 1, 1)] = DayOfWeek.Saturday }, like);
    }
}
