using CallCentre.Scheduling.Forecasting;

namespace CallCentre.Scheduling.Tests.Forecasting;

public class ForecastAccuracyTests
{
    [Fact]
    public void HandCheckedCase_WapeAndMapeAsDocumented()
    {
        // |errors| 2, 1, 5, 3 over actuals 8, 0, 10, 6: WAPE = 11 / 24; MAPE over the three actuals > 0 = (2/8 + 5/10 + 3/6) / 3.
        var accuracy = ForecastAccuracy.Of([(10, 8), (1, 0), (5, 10), (3, 6)]);

        Assert.Equal(11.0 / 24, accuracy.Wape!.Value, 12);
        Assert.Equal((0.25 + 0.5 + 0.5) / 3, accuracy.Mape!.Value, 12);
        Assert.Equal(4, accuracy.Intervals);
    }

    [Fact]
    public void NoCallsActually_WapeAndMapeUndefined()
    {
        var accuracy = ForecastAccuracy.Of([(2, 0), (0, 0)]);

        Assert.Null(accuracy.Wape);
        Assert.Null(accuracy.Mape);
    }

    [Fact]
    public void PerfectForecast_ZeroErrors()
    {
        var accuracy = ForecastAccuracy.Of([(3, 3), (0, 0), (7.5, 7.5)]);

        Assert.Equal((0.0, 0.0), (accuracy.Wape!.Value, accuracy.Mape!.Value));
    }
}
