using CallCentre.Scheduling.Forecasting;
using System.Text.Json;
using CallCentre.Scheduling.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallCentre.Scheduling.Tests.Forecasting;

/// <summary>The forecast handler called directly: an answer for good input, a 400 naming the field for bad.</summary>
public class ForecastApiTests
{
    private static readonly DateTime HorizonFrom = SyntheticCalls.FirstMonday.AddDays(28);

    private static List<ForecastPoint?> History(int days = 28, int width = 15) =>
        [.. SyntheticCalls.Generate(days, width, seed: 8).Select(p => (ForecastPoint?)new ForecastPoint(p.Start, p.Calls))];

    private static SeriesForecastRequest Request(List<ForecastPoint?>? history = null, int? width = 15, ForecastHorizon? horizon = null) =>
        new(width, history ?? History(), horizon ?? new ForecastHorizon(HorizonFrom, HorizonFrom.AddDays(7)));

    private static SeriesForecastResponse Answer(Results<Ok<SeriesForecastResponse>, ValidationProblem> result) =>
        Assert.IsType<Ok<SeriesForecastResponse>>(result.Result).Value!;

    private static IDictionary<string, string[]> Errors(Results<Ok<SeriesForecastResponse>, ValidationProblem> result)
    {
        var problem = Assert.IsType<ValidationProblem>(result.Result);
        Assert.Equal(400, problem.StatusCode);
        return problem.ProblemDetails.Errors;
    }

    [Fact]
    public void ValidRequest_ForecastsTheOpenIntervalsOfTheHorizon()
    {
        var answer = Answer(ForecastApi.ForecastSeries(Request()));

        Assert.Contains(answer.Method, ForecastMethods.All.Select(m => m.Name()));
        Assert.Equal(answer.Candidates.Single(c => c.Method == answer.Method).HoldoutWape, answer.HoldoutWape);
        Assert.Equal(5 * 40 + 16, answer.Forecast.Count);
        Assert.All(answer.Forecast, p => Assert.True(p.Start >= HorizonFrom && p.Start < HorizonFrom.AddDays(7) && p.Calls >= 0));
        Assert.All(answer.Forecast, p => Assert.True(p.Low <= Math.Ceiling(p.Calls) && Math.Floor(p.Calls) <= p.High && p.Low < p.High, p.ToString()));
    }

    [Fact]
    public void Response_SerialisesLocalTimesWithoutOffset()
    {
        var answer = Answer(ForecastApi.ForecastSeries(Request()));
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(answer, JsonSerializerOptions.Web));

        var first = json.RootElement.GetProperty("forecast")[0];
        Assert.Equal("2025-02-03T08:00:00", first.GetProperty("start").GetString());
        Assert.True(json.RootElement.GetProperty("holdoutWape").GetDouble() > 0);
        Assert.Equal(answer.Method, json.RootElement.GetProperty("method").GetString());
    }

    [Fact]
    public void Request_BindsFromTheDocumentedJson()
    {
        const string body = """
            { "intervalMinutes": 5, "history": [ { "start": "2003-03-03T07:00:00", "calls": 111 } ],
              "horizon": { "from": "2003-10-20T00:00:00", "to": "2003-10-25T00:00:00" },
              "excludeDays": ["2003-07-04"], "overrides": [ { "start": "2003-10-20T09:00:00", "calls": 300 } ] }
            """;
        var request = JsonSerializer.Deserialize<SeriesForecastRequest>(body, JsonSerializerOptions.Web)!;

        Assert.Equal(5, request.IntervalMinutes);
        Assert.Equal(new ForecastPoint(new DateTime(2003, 3, 3, 7, 0, 0), 111), request.History![0]);
        Assert.Equal(DateTimeKind.Unspecified, request.Horizon!.From!.Value.Kind);
        Assert.Equal(new DateOnly(2003, 7, 4), request.ExcludeDays![0]);
        Assert.Equal(300, request.Overrides![0]!.Calls);
    }

    [Fact]
    public void UnalignedStart_NamesThePoint()
    {
        var history = History();
        history[3] = history[3]! with { Start = history[3]!.Start!.Value.AddMinutes(7) };

        Assert.Contains("history[3].start", Errors(ForecastApi.ForecastSeries(Request(history))).Keys);
    }

    [Fact]
    public void NegativeCalls_NamesThePoint()
    {
        var history = History();
        history[0] = history[0]! with { Calls = -1 };

        Assert.Contains("history[0].calls", Errors(ForecastApi.ForecastSeries(Request(history))).Keys);
    }

    [Fact]
    public void MissingCallsOrNullPoint_NamesThem()
    {
        var history = History();
        history[1] = history[1]! with { Calls = null };
        history[2] = null;

        var errors = Errors(ForecastApi.ForecastSeries(Request(history)));

        Assert.Contains("history[1].calls", errors.Keys);
        Assert.Contains("history[2]", errors.Keys);
    }

    [Fact]
    public void StartWithOffset_Rejected()
    {
        var history = History();
        history[5] = history[5]! with { Start = DateTime.SpecifyKind(history[5]!.Start!.Value, DateTimeKind.Utc) };

        Assert.Contains("without offset", Errors(ForecastApi.ForecastSeries(Request(history)))["history[5].start"][0]);
    }

    [Fact]
    public void HorizonBeforeTheHistoryEnds_NamesHorizonFrom()
    {
        var from = HorizonFrom.AddDays(-3);

        var errors = Errors(ForecastApi.ForecastSeries(Request(horizon: new ForecastHorizon(from, from.AddDays(7)))));

        Assert.Contains("horizon.from", errors.Keys);
    }

    [Fact]
    public void HorizonEmptyOrMissing_Named()
    {
        Assert.Contains("horizon.to", Errors(ForecastApi.ForecastSeries(Request(horizon: new ForecastHorizon(HorizonFrom, HorizonFrom)))).Keys);
        Assert.Contains("horizon", Errors(ForecastApi.ForecastSeries(Request() with { Horizon = null })).Keys);
        Assert.Contains("horizon.to", Errors(ForecastApi.ForecastSeries(Request(horizon: new ForecastHorizon(HorizonFrom, HorizonFrom.AddDays(93))))).Keys);
    }

    [Fact]
    public void HistoryTooShort_SaysHowLongItMustBe()
    {
        var errors = Errors(ForecastApi.ForecastSeries(Request(History(days: 14), horizon: new ForecastHorizon(HorizonFrom, HorizonFrom.AddDays(1)))));

        Assert.Contains("at least 21 days", errors["history"][0]);
    }

    [Fact]
    public void TooManyPoints_Rejected()
    {
        var start = new DateTime(2020, 1, 1);
        var history = Enumerable.Range(0, 200_001).Select(i => (ForecastPoint?)new ForecastPoint(start.AddMinutes(5 * i), 1)).ToList();

        var errors = Errors(ForecastApi.ForecastSeries(Request(history, width: 5)));

        Assert.Contains("at most 200000", errors["history"][0]);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(0)]
    [InlineData(null)]
    public void IntervalNotAllowed_NamesIntervalMinutes(int? width)
    {
        Assert.Contains("intervalMinutes", Errors(ForecastApi.ForecastSeries(Request(width: width))).Keys);
    }

    [Fact]
    public void EmptyHistory_NamesHistory()
    {
        Assert.Contains("history", Errors(ForecastApi.ForecastSeries(Request([]))).Keys);
    }

    [Fact]
    public void UnknownMethod_NamesMethod()
    {
        Assert.Contains("method", Errors(ForecastApi.ForecastSeries(Request() with { Method = "arima" })).Keys);
    }

    [Fact]
    public void ForcedMethod_Used()
    {
        var answer = Answer(ForecastApi.ForecastSeries(Request() with { Method = "seasonal-naive" }));

        Assert.Equal("seasonal-naive", answer.Method);
        Assert.Single(answer.Candidates);
    }

    [Fact]
    public void OverrideOutsideHorizon_NamesIt()
    {
        var request = Request() with { Overrides = [new ForecastPoint(HorizonFrom.AddDays(8), 10)] };

        Assert.Contains("overrides[0].start", Errors(ForecastApi.ForecastSeries(request)).Keys);
    }

    [Fact]
    public void Override_ReplacesTheForecast()
    {
        var request = Request() with { Overrides = [new ForecastPoint(HorizonFrom.AddHours(9), 999)] };

        var answer = Answer(ForecastApi.ForecastSeries(request));

        Assert.Equal(999, answer.Forecast.Single(p => p.Start == HorizonFrom.AddHours(9)).Calls);
    }

    [Fact]
    public void EveryDayExcluded_NamesExcludeDays()
    {
        var days = Enumerable.Range(0, 28).Select(d => DateOnly.FromDateTime(SyntheticCalls.FirstMonday.AddDays(d))).ToList();

        Assert.Contains("excludeDays", Errors(ForecastApi.ForecastSeries(Request() with { ExcludeDays = days })).Keys);
    }
}
