using CallCentre.Scheduling.Erlang;

namespace CallCentre.Scheduling.Rostering;

public sealed record SimulatedInterval(DateTime Start, int Agents, double Calls);

/// <param name="PatienceSeconds">Mean of an exponential patience; null: callers wait as long as it takes (Erlang C).</param>
public sealed record QueueSimulationOptions(
    int IntervalMinutes, double AhtSeconds, double AnswerWithinSeconds, double? PatienceSeconds = null, int Runs = 5, int Seed = 1);

/// <summary>Averaged over the runs, calls counted in the interval they arrive.</summary>
/// <param name="ServiceLevel">Answered within the threshold / offered (abandoned calls count as late); null when no call came.</param>
public sealed record SimulatedIntervalResult(
    DateTime Start, int Agents, double Calls, double Offered, double? ServiceLevel, double? AbandonRate,
    double ErlangServiceLevel, double ErlangAbandonRate);

/// <summary>Checks what Erlang's steady state leaves out: queues carried between intervals, staffing changing within the day (docs/rostering.md).</summary>
public static class QueueSimulation
{
    public const int MaxRuns = 100;

    public static IReadOnlyList<SimulatedIntervalResult> Run(
        IReadOnlyList<IntervalCoverage> coverage, string skillGroup, Func<DateTime, double> callsAt, QueueSimulationOptions options) =>
        Run([.. coverage.Select(c => new SimulatedInterval(c.Start,
            c.Groups.Where(g => g.SkillGroup == skillGroup).Sum(g => g.Covered), callsAt(c.Start)))], options);

    public static IReadOnlyList<SimulatedIntervalResult> Run(IReadOnlyList<SimulatedInterval> intervals, QueueSimulationOptions options)
    {
        Check(intervals, options);
        var width = options.IntervalMinutes * 60.0;
        var n = intervals.Count;
        var offered = new long[n];
        var inTime = new long[n];
        var abandoned = new long[n];
        for (var run = 0; run < options.Runs; run++)
            Play(intervals, options, width, new Random(options.Seed + run), offered, inTime, abandoned);

        return [.. intervals.Select((interval, i) =>
        {
            var (sl, ab) = Erlang(interval, options, width);
            return new SimulatedIntervalResult(interval.Start, interval.Agents, interval.Calls, offered[i] / (double)options.Runs,
                offered[i] == 0 ? null : inTime[i] / (double)offered[i], offered[i] == 0 ? null : abandoned[i] / (double)offered[i], sl, ab);
        })];
    }

    private static void Play(IReadOnlyList<SimulatedInterval> intervals, QueueSimulationOptions options, double width, Random random,
        long[] offered, long[] inTime, long[] abandoned)
    {
        double Exponential(double mean) => -mean * Math.Log(1 - random.NextDouble());

        var arrivals = new List<(double At, int Interval, double GivesUpAt)>();
        for (var i = 0; i < intervals.Count; i++)
        {
            if (intervals[i].Calls <= 0) continue;
            var mean = width / intervals[i].Calls;
            for (var t = i * width + Exponential(mean); t < (i + 1) * width; t += Exponential(mean))
                arrivals.Add((t, i, options.PatienceSeconds is { } p ? t + Exponential(p) : double.PositiveInfinity));
        }

        var waiting = new Queue<(double At, int Interval, double GivesUpAt)>();
        var ends = new PriorityQueue<double, double>();
        var end = intervals.Count * width;
        var next = 0;
        var now = 0.0;
        while (true)
        {
            // Agents free up, calls arrive and the staffing changes at interval boundaries; serve after each of these.
            var boundary = Math.Floor(now / width + 1) * width;
            var arrival = next < arrivals.Count ? arrivals[next].At : double.PositiveInfinity;
            var done = ends.TryPeek(out _, out var e) ? e : double.PositiveInfinity;
            now = Math.Min(Math.Min(arrival, done), boundary);
            if (now >= end && next >= arrivals.Count && ends.Count == 0) break;
            if (now == done) ends.Dequeue();
            else if (now == arrival)
            {
                waiting.Enqueue(arrivals[next]);
                offered[arrivals[next].Interval]++;
                next++;
            }
            var slot = (int)Math.Floor(now / width);
            var agents = slot < intervals.Count ? intervals[slot].Agents : 0;
            while (ends.Count < agents && waiting.TryDequeue(out var call))
            {
                if (call.GivesUpAt <= now)
                {
                    abandoned[call.Interval]++;
                    continue;
                }
                if (now - call.At <= options.AnswerWithinSeconds) inTime[call.Interval]++;
                var finish = now + Exponential(options.AhtSeconds);
                ends.Enqueue(finish, finish);
            }
        }
        // Callers still waiting when the last interval ends with nobody to answer: abandoned if they would give up, else unanswered.
        foreach (var call in waiting)
            if (!double.IsPositiveInfinity(call.GivesUpAt)) abandoned[call.Interval]++;
    }

    private static (double ServiceLevel, double AbandonRate) Erlang(SimulatedInterval interval, QueueSimulationOptions options, double width)
    {
        var erlangs = interval.Calls * options.AhtSeconds / width;
        if (interval.Agents == 0) return (erlangs == 0 ? 1 : 0, options.PatienceSeconds is null || erlangs == 0 ? 0 : 1);
        if (options.PatienceSeconds is { } patience)
        {
            var a = ErlangA.Evaluate(interval.Agents, erlangs, options.AhtSeconds, patience, options.AnswerWithinSeconds);
            return (a.ServiceLevel, a.ProbabilityOfAbandoning);
        }
        return (ErlangC.ServiceLevel(interval.Agents, erlangs, options.AhtSeconds, options.AnswerWithinSeconds), 0);
    }

    private static void Check(IReadOnlyList<SimulatedInterval> intervals, QueueSimulationOptions options)
    {
        if (options.IntervalMinutes is not (15 or 30 or 60)) throw new ArgumentOutOfRangeException(nameof(options), "intervalMinutes must be 15, 30 or 60.");
        if (!(options.AhtSeconds > 0 && double.IsFinite(options.AhtSeconds))) throw new ArgumentOutOfRangeException(nameof(options), "ahtSeconds must be positive.");
        if (!(options.AnswerWithinSeconds >= 0 && double.IsFinite(options.AnswerWithinSeconds)))
            throw new ArgumentOutOfRangeException(nameof(options), "answerWithinSeconds must be 0 or more.");
        if (options.PatienceSeconds is { } p && !(p > 0 && double.IsFinite(p))) throw new ArgumentOutOfRangeException(nameof(options), "patienceSeconds must be positive.");
        if (options.Runs is < 1 or > MaxRuns) throw new ArgumentOutOfRangeException(nameof(options), $"runs must be 1 to {MaxRuns}.");
        for (var i = 0; i < intervals.Count; i++)
            if (intervals[i].Agents < 0 || !(intervals[i].Calls >= 0 && intervals[i].Calls <= 1e6))
                throw new ArgumentOutOfRangeException(nameof(intervals), $"intervals[{i}]: agents must be 0 or more and calls between 0 and 1,000,000.");
    }
}
