using CallCentre.Contracts.Scheduling;
using CallCentre.Scheduling.Api;
using CallCentre.Scheduling.Data;
using CallCentre.Scheduling.Erlang;
using CallCentre.Scheduling.Requirements;

namespace CallCentre.Scheduling.Checks;

/// <summary>The Simulator's answer beside Erlang's figures and, where a contract prices a missed period, the expected penalties.</summary>
public static class CheckReport
{
    /// <param name="Staffed">Agents able to take the queue's calls on the phones, by queue index and interval.</param>
    /// <param name="StartOf">The interval's start as the reader sees it.</param>
    public static ScheduleCheckView View(ScheduleSimulated answer, ScheduleSimulationRequested message, IReadOnlyList<QueueDemand> queues,
        Func<int, int, int> staffed, Func<int, DateTime> startOf, IReadOnlyList<ContractTerms?> contracts)
    {
        var width = message.IntervalMinutes;
        var views = queues.Select((q, i) =>
        {
            var simulated = answer.Queues.FirstOrDefault(r => r.QueueId == q.QueueId);
            var rows = Enumerable.Range(0, message.Intervals).Select(t =>
            {
                var calls = message.Queues[i].ForecastCalls[t];
                var agents = staffed(i, t);
                var erlang = Erlang(q, calls, agents, width);
                var sim = simulated is not null && t < simulated.Intervals.Count ? simulated.Intervals[t] : null;
                return new CheckIntervalView(startOf(t), calls, agents, erlang?.ServiceLevel, erlang?.ProbabilityOfAbandoning,
                    sim?.OfferedMean, sim?.ServiceLevelMean, sim?.ServiceLevelSpread, sim?.AbandonedMean, sim?.AbandonedSpread, sim?.MissedTargetShare);
            }).ToList();
            var forecast = rows.Sum(r => r.ForecastCalls);
            var day = simulated?.Day is { } d
                ? new CheckDayView(forecast, forecast > 0 ? rows.Sum(r => (r.ErlangServiceLevel ?? 0) * r.ForecastCalls) / forecast : null,
                    d.ServiceLevelMean, d.ServiceLevelSpread, d.AbandonedMean, d.AbandonedSpread, d.MissedTargetShare)
                : null;
            var contract = contracts.Count > i ? contracts[i] : null;
            return new CheckQueueView(q.QueueId, q.SkillGroup, q.Target.ServiceLevel, rows.Sum(r => r.MissedTargetShare ?? 0), rows)
            {
                ThresholdSeconds = q.Target.AnswerWithinSeconds, Day = day, ContractVersion = contract?.Version, ContractPeriod = contract?.Period,
                PenaltyPerMissedPeriod = contract?.PenaltyPerMissedPeriod, Currency = contract?.Currency,
                ExpectedPenalty = contract is null ? null : ExpectedPenalty(contract, rows, day, width),
            };
        }).ToList();
        return new ScheduleCheckView(answer.CheckId, message.TenantId, answer.SimulatedAt, answer.Runs, width, views.Sum(v => v.ExpectedMissedIntervals), views)
        {
            ExpectedPenalties = [.. views.Where(v => v is { ExpectedPenalty: not null, Currency: not null }).GroupBy(v => v.Currency!, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new PenaltyTotal(g.Key, g.Sum(v => v.ExpectedPenalty!.Value)))],
        };
    }

    /// <summary>A missed interval costs its share of a contract interval; a month cannot be priced from one day, so it is null.</summary>
    public static decimal? ExpectedPenalty(ContractTerms contract, IReadOnlyList<CheckIntervalView> rows, CheckDayView? day, int width) => contract.Period switch
    {
        "interval" => Math.Round(contract.PenaltyPerMissedPeriod * (decimal)rows.Sum(r => r.MissedTargetShare ?? 0) * width / contract.IntervalMinutes, 2),
        "day" when day?.MissedTargetShare is { } missed => Math.Round(contract.PenaltyPerMissedPeriod * (decimal)missed, 2),
        "day" => 0,
        _ => null,
    };

    /// <summary>Null without calls; beyond Erlang C's steady state (agents ≤ traffic) no call is answered in time.</summary>
    private static QueuePerformance? Erlang(QueueDemand q, double calls, int agents, int width)
    {
        if (calls <= 0) return null;
        var erlangs = calls * q.AhtSeconds / (width * 60.0);
        if (erlangs > ErlangC.MaxAgents) return new QueuePerformance(agents, 0, 1, double.PositiveInfinity, 1, q.PatienceSeconds is null ? 0 : 1);
        if (agents == 0) return new QueuePerformance(0, 0, 1, double.PositiveInfinity, 0, q.PatienceSeconds is null ? 0 : 1);
        if (q.PatienceSeconds is { } patience) return ErlangA.Evaluate(agents, erlangs, q.AhtSeconds, patience, q.Target.AnswerWithinSeconds);
        return agents <= erlangs ? new QueuePerformance(agents, 0, 1, double.PositiveInfinity, 1, 0)
            : ErlangC.Evaluate(agents, erlangs, q.AhtSeconds, q.Target.AnswerWithinSeconds);
    }
}
