using CallCentre.Contracts.Scheduling;
using CallCentre.Scheduling.Api;
using CallCentre.Scheduling.Checks;
using CallCentre.Scheduling.Data;
using CallCentre.Scheduling.Erlang;
using CallCentre.Scheduling.Requirements;

namespace CallCentre.Scheduling.Tests.Checks;

/// <summary>A check's figures beside Erlang and its contract penalties (docs/rostering.md, Checking the published schedule).</summary>
public class CheckReportTests
{
    private static readonly DateTimeOffset Jan = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ContractTerms Contract(string period, decimal penalty, string currency = "EUR", int minutes = 30) =>
        new("t", "q", 1, Jan, 0.8, 20, period, minutes, penalty, currency);

    private static CheckIntervalView Row(double? missed) => new(DateTime.MinValue, 10, 3, 0.8, 0, 10, 0.8, 0.1, 0, 0, missed);

    [Theory]
    [InlineData(30, 30, 120)]
    [InlineData(15, 30, 60)]
    [InlineData(30, 15, 240)]
    public void IntervalContract_EachMissedShareCostsItsPartOfAContractInterval(int checkMinutes, int contractMinutes, double expected)
    {
        var rows = new[] { Row(0.2), Row(1), Row(0), Row(null) };

        Assert.Equal((decimal)expected, CheckReport.ExpectedPenalty(Contract("interval", 100, minutes: contractMinutes), rows, null, checkMinutes));
    }

    [Fact]
    public void DayContract_TheShareOfSimulatedDaysMissed_MonthNotPriced()
    {
        var day = new CheckDayView(100, 0.85, 0.78, 0.05, 0.01, 0.01, 0.6);

        Assert.Equal(300m, CheckReport.ExpectedPenalty(Contract("day", 500), [Row(1)], day, 30));
        Assert.Equal(0m, CheckReport.ExpectedPenalty(Contract("day", 500), [Row(1)], null, 30));
        Assert.Null(CheckReport.ExpectedPenalty(Contract("month", 500), [Row(1)], day, 30));
    }

    [Fact]
    public void View_ErlangBesideTheSimulation_PenaltiesTotalledPerCurrency()
    {
        var queues = new[] { "a", "b", "c" }.Select(id => new QueueDemand(id, "g", 180, new ServiceLevelTarget(0.8, 20), null,
            new Dictionary<DateTime, double>())).ToList();
        var request = new ScheduleSimulationRequested(Guid.NewGuid(), "t", Jan, 30, 2,
            [.. queues.Select(q => new SimulatedQueue(q.QueueId, new Dictionary<string, int>(), 5, [100.0, 0], 180, null, 20, 0.8))], [], [1], Jan);
        var missed = new SimulatedInterval(100, 0.5, 0.1, 0, 0, 1);
        var answer = new ScheduleSimulated(request.CheckId, "t", 1,
            [.. queues.Select(q => new SimulatedQueueResult(q.QueueId, [missed, new SimulatedInterval(0, null, null, null, null, null)], missed))], Jan);

        var view = CheckReport.View(answer, request, queues, (_, t) => t == 0 ? 14 : 0, t => new DateTime(2026, 1, 1, 8, 0, 0).AddMinutes(30 * t),
            [Contract("interval", 10), Contract("day", 7.5m, "CHF"), null]);

        Assert.Equal(0.8884, view.Queues[0].Intervals[0].ErlangServiceLevel!.Value, 3);
        Assert.Null(view.Queues[0].Intervals[1].ErlangServiceLevel);
        Assert.Equal(0.8884, view.Queues[0].Day!.ErlangServiceLevel!.Value, 3);
        Assert.Equal((10m, 7.5m, (decimal?)null), (view.Queues[0].ExpectedPenalty, view.Queues[1].ExpectedPenalty, view.Queues[2].ExpectedPenalty));
        Assert.Equal([new PenaltyTotal("CHF", 7.5m), new PenaltyTotal("EUR", 10m)], view.ExpectedPenalties);
        Assert.Equal(3, view.ExpectedMissedIntervals);
    }
}
