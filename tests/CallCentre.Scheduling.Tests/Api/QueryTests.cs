using CallCentre.Hosting.Errors;
using CallCentre.Scheduling.Api;

namespace CallCentre.Scheduling.Tests.Api;

/// <summary>The query types of the GET endpoints, read on their own.</summary>
public class QueryTests
{
    private static readonly DateOnly Today = new(2026, 12, 4);
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void VolumeQuery_Defaults_TheDayBeforeNowInQuarterHours()
    {
        var errors = new ValidationErrors();

        Assert.Equal((Now.AddDays(-1), Now, 15), new VolumeQuery(null, null, null).Read(Now, errors));
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(null, 7, "intervalMinutes")]
    [InlineData(0, null, "from")]          // from after to
    [InlineData(-93, null, "to")]          // more than 92 days
    public void VolumeQuery_RefusalsNameTheField(int? fromDays, int? width, string field)
    {
        var errors = new ValidationErrors();

        Assert.Null(new VolumeQuery(fromDays is { } d ? Now.AddDays(d).AddMinutes(1) : null, Now, width).Read(Now, errors));
        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void VolumeQuery_AnInstantOutsideTheBounds_NamesIt()
    {
        var errors = new ValidationErrors();

        Assert.Null(new VolumeQuery(null, new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero), null).Read(Now, errors));
        Assert.Equal(DateBounds.Message("to"), Assert.Single(errors["to"]));
    }

    [Fact]
    public void PublishedScheduleQuery_TodayByDefault_OneDayWithFromOnly()
    {
        var errors = new ValidationErrors();

        Assert.Equal((Today, Today), new PublishedScheduleQuery(null, null).Read(Today, errors));
        Assert.Equal((new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 1)), new PublishedScheduleQuery("2026-12-01", null).Read(Today, errors));
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("2026-12-01", "2026-11-30", "to")]
    [InlineData("2026-12-01", "2027-02-01", "to")]   // 63 days
    [InlineData("1 Dec", null, "from")]
    [InlineData("1999-12-31", null, "from")]
    public void PublishedScheduleQuery_RefusalsNameTheField(string from, string? to, string field)
    {
        var errors = new ValidationErrors();

        Assert.Null(new PublishedScheduleQuery(from, to).Read(Today, errors));
        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void AdherenceQuery_TodayByDefault_ElseTheDate()
    {
        var errors = new ValidationErrors();

        Assert.Equal(Today, new AdherenceQuery(null).Read(Today, errors));
        Assert.Equal(new DateOnly(2026, 11, 27), new AdherenceQuery("2026-11-27").Read(Today, errors));
        Assert.Null(new AdherenceQuery("2026-11-31").Read(Today, errors));
        Assert.Equal(["date"], errors.Keys);
    }

    [Fact]
    public void QueueForecastQuery_Defaults_AWeekFromTomorrow()
    {
        var errors = new ValidationErrors();

        var question = new QueueForecastQuery(null, null, null, null, null, null).Read(Today, errors);

        Assert.NotNull(question);
        Assert.Equal((15, QueueForecastApi.DefaultHistoryDays, Today.AddDays(1), Today.AddDays(8), null),
            (question.IntervalMinutes, question.HistoryDays, question.First, question.End, question.Method));
        Assert.Empty(question.Excluded);
    }

    [Fact]
    public void QueueForecastQuery_EveryBadFieldNamed()
    {
        var errors = new ValidationErrors();

        Assert.Null(new QueueForecastQuery("2026-12-10", "2026-12-10", 5, 3, "crystal-ball", ["2026-13-01"]).Read(Today, errors));
        Assert.Equal(["exclude", "historyDays", "intervalMinutes", "method", "to"], errors.Keys.Order());
    }

    [Fact]
    public void QueueForecastQuery_TooManyExcludedDays_RefusedBeforeParsing()
    {
        var errors = new ValidationErrors();

        QueueForecastQuery.CheckLimits(367, new ComputeLimits(), errors);
        QueueForecastQuery.CheckLimits(366, new ComputeLimits(), errors);

        Assert.Single(Assert.Single(errors).Value);
    }
}
