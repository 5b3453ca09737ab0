using CallCentre.Contracts.Scheduling;
using CallCentre.Simulator.Checks;

namespace CallCentre.Simulator.Tests;

/// <summary>A schedule played against its forecast with the routing engine (docs/simulator.md, "Checking a schedule").</summary>
public sealed class ScheduleCheckTests
{
    private const int Intervals = 48;
    private static readonly Dictionary<string, int> French = new() { ["fr"] = 1 };

    private static ScheduleSimulationRequested Request(Func<int, int> agentsOnPhones, int seeds = 20, double? patience = null, int team = 14) => new(
        Guid.NewGuid(), "t1", new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero), 30, Intervals,
        [new SimulatedQueue("q", French, 5, [.. Enumerable.Repeat(100.0, Intervals)], 180, patience, 20, 0.8)],
        [.. Enumerable.Range(0, team).Select(i => new SimulatedAgent($"a{i}", French, [.. Enumerable.Range(0, Intervals).Select(t => i < agentsOnPhones(t))]))],
        [.. Enumerable.Range(1, seeds)], DateTimeOffset.UnixEpoch);

    [Fact]
    public void ConstantRate_EachIntervalAgreesWithErlangCWithinTheRunsNoise()
    {
        var theory = QueueingTheory.ErlangC(100 / 1800.0, 180, 14, 20).ServiceLevel;

        var result = ScheduleCheck.Run(Request(_ => 14, seeds: 40), TimeProvider.System);

        var intervals = Assert.Single(result.Queues).Intervals;
        Assert.Equal(40, result.Runs);
        Assert.Equal(Intervals, intervals.Count);
        // The first half-hour starts with an empty queue, so it is better than the steady state Erlang C describes.
        var steady = intervals.Skip(1).ToList();
        Assert.All(steady, i => Assert.InRange(i.OfferedMean, 90, 110));
        var standardErrors = steady.Select(i => i.ServiceLevelSpread!.Value / Math.Sqrt(40)).ToList();
        Assert.All(standardErrors, se => Assert.InRange(se, 0.001, 0.04));
        var outside = steady.Zip(standardErrors).Count(p => Math.Abs(p.First.ServiceLevelMean!.Value - theory) > 4 * p.Second);
        Assert.True(outside <= 2, $"{outside} of {steady.Count} intervals lie more than 4 standard errors from Erlang C's {theory:0.000}");
        Assert.InRange(steady.Average(i => i.ServiceLevelMean!.Value), theory - 0.015, theory + 0.015);
        Assert.All(steady, i => Assert.Equal(0, i.AbandonedMean));
    }

    [Fact]
    public void FewerAgentsInTheAfternoon_ThoseIntervalsFallAndCallersLeave()
    {
        var result = ScheduleCheck.Run(Request(t => t < 24 ? 14 : 10, seeds: 5, patience: 300), TimeProvider.System);

        var intervals = result.Queues[0].Intervals;
        var morning = intervals.Skip(1).Take(22).Average(i => i.ServiceLevelMean!.Value);
        var afternoon = intervals.Skip(26).Average(i => i.ServiceLevelMean!.Value);
        Assert.True(morning - afternoon > 0.25, $"morning {morning:0.000}, afternoon {afternoon:0.000}");
        Assert.True(intervals.Skip(26).Average(i => i.AbandonedMean!.Value) > 0.05);
        Assert.True(intervals.Skip(1).Take(22).Average(i => i.AbandonedMean!.Value) < 0.02);
        var (missedMorning, missedAfternoon) = (intervals.Skip(1).Take(22).Average(i => i.MissedTargetShare!.Value),
            intervals.Skip(26).Average(i => i.MissedTargetShare!.Value));
        Assert.True(missedAfternoon > 0.7 && missedMorning < 0.5, $"80 % target missed in {missedMorning:P0} of the morning's, {missedAfternoon:P0} of the afternoon's");
    }

    [Fact]
    public void DayFigure_IsEachRunsWholeSpan_BetweenItsBestAndWorstIntervals()
    {
        var result = ScheduleCheck.Run(Request(t => t < 24 ? 14 : 10, seeds: 5, patience: 300), TimeProvider.System);

        var (intervals, day) = (result.Queues[0].Intervals, result.Queues[0].Day!);
        Assert.Equal(intervals.Sum(i => i.OfferedMean), day.OfferedMean, 6);
        var weighted = intervals.Sum(i => i.ServiceLevelMean!.Value * i.OfferedMean) / intervals.Sum(i => i.OfferedMean);
        Assert.InRange(day.ServiceLevelMean!.Value, weighted - 0.02, weighted + 0.02);
        Assert.InRange(day.ServiceLevelMean!.Value, intervals.Min(i => i.ServiceLevelMean!.Value), intervals.Max(i => i.ServiceLevelMean!.Value));
        Assert.True(day.ServiceLevelSpread > 0);
        Assert.Equal(day.ServiceLevelMean < 0.8 ? 1 : 0, day.MissedTargetShare!.Value, 6);
    }

    [Fact]
    public void SameSeeds_SameFigures()
    {
        var request = Request(t => 12 + t % 3, seeds: 3, patience: 120);

        var first = ScheduleCheck.Run(request, TimeProvider.System);
        var second = ScheduleCheck.Run(request, TimeProvider.System);

        Assert.Equal(first.Queues[0].Intervals, second.Queues[0].Intervals);
    }

    [Fact]
    public void NobodyOnThePhones_NoCallIsAnsweredAndCallersLeave()
    {
        var result = ScheduleCheck.Run(Request(_ => 0, seeds: 2, patience: 60), TimeProvider.System);

        Assert.All(result.Queues[0].Intervals, i => Assert.Equal(0, i.ServiceLevelMean));
        Assert.True(result.Queues[0].Intervals.Average(i => i.AbandonedMean!.Value) > 0.95);
    }

    [Fact]
    public void MalformedRequest_EveryProblemNamed()
    {
        var good = Request(_ => 1, seeds: 1);
        var bad = good with
        {
            Seeds = [],
            Queues = [good.Queues[0] with { ForecastCalls = [1, 2], AhtSeconds = 0 }],
            Agents = [good.Agents[0] with { OnPhones = [true] }],
        };

        var problems = ScheduleCheck.Problems(bad);

        Assert.Contains(problems, p => p.StartsWith("seeds", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("forecastCalls", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("ahtSeconds", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("onPhones", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => ScheduleCheck.Run(bad, TimeProvider.System));
    }
}
