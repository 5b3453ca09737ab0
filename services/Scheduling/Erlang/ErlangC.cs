namespace CallCentre.Scheduling.Erlang;

/// <summary>Erlang C (M/M/N): stable only while N &gt; A (docs/staffing.md).</summary>
public static class ErlangC
{
    public const int MaxAgents = 50_000;

    /// <summary>1 when N ≤ A.</summary>
    public static double ProbabilityOfWaiting(int agents, double erlangs)
    {
        Check(agents, erlangs);
        return WaitProbability(agents, erlangs);
    }

    /// <summary>0 when N ≤ A.</summary>
    public static double ServiceLevel(int agents, double erlangs, double ahtSeconds, double answerWithinSeconds)
    {
        Check(agents, erlangs);
        CheckTimes(ahtSeconds, answerWithinSeconds);
        return ServiceLevelFrom(WaitProbability(agents, erlangs), agents, erlangs, ahtSeconds, answerWithinSeconds);
    }

    /// <summary>+∞ when N ≤ A (the queue grows without bound).</summary>
    public static double AverageSpeedOfAnswer(int agents, double erlangs, double ahtSeconds)
    {
        Check(agents, erlangs);
        CheckTimes(ahtSeconds, 0);
        return AsaFrom(WaitProbability(agents, erlangs), agents, erlangs, ahtSeconds);
    }

    public static double Occupancy(int agents, double erlangs)
    {
        Check(agents, erlangs);
        return Math.Min(1, erlangs / agents);
    }

    public static QueuePerformance Evaluate(int agents, double erlangs, double ahtSeconds, double answerWithinSeconds)
    {
        Check(agents, erlangs);
        CheckTimes(ahtSeconds, answerWithinSeconds);
        return Performance(WaitProbability(agents, erlangs), agents, erlangs, ahtSeconds, answerWithinSeconds);
    }

    /// <summary>One O(√A) evaluation, then O(1) per agent; null beyond <see cref="MaxAgents"/>.</summary>
    public static QueuePerformance? AgentsNeeded(double erlangs, double ahtSeconds, ServiceLevelTarget target)
    {
        ErlangB.CheckErlangs(erlangs);
        CheckTimes(ahtSeconds, target.AnswerWithinSeconds);
        target.Validate();
        if (erlangs == 0) return new QueuePerformance(0, 1, 0, 0, 0, 0);

        var lowest = Math.Max(Math.Floor(erlangs) + 1, Math.Floor(erlangs / target.MaxOccupancy));
        if (lowest > MaxAgents) return null;
        var sweep = new ErlangCSweep(erlangs, (int)lowest);
        while (sweep.ServiceLevel(ahtSeconds, target.AnswerWithinSeconds) < target.ServiceLevel || erlangs / sweep.Agents > target.MaxOccupancy)
        {
            if (sweep.Agents == MaxAgents) return null;
            sweep.AddAgent();
        }
        return Performance(sweep.ProbabilityOfWaiting, sweep.Agents, erlangs, ahtSeconds, target.AnswerWithinSeconds);
    }

    internal static double WaitProbability(int agents, double erlangs)
    {
        if (erlangs == 0) return 0;
        if (agents <= erlangs) return 1;
        var inverse = ErlangB.InverseBlocking(agents - 1, erlangs, out var logScale);
        var x = (agents - erlangs) / erlangs * inverse;
        // Scaled means 1/B passed 1e20, so the "1 +" is lost anyway: C = 1/x, taken in logs.
        return logScale == 0 ? 1 / (1 + x) : Math.Exp(-Math.Log(x) - logScale);
    }

    internal static double ServiceLevelFrom(double wait, int agents, double erlangs, double ahtSeconds, double answerWithinSeconds) =>
        agents <= erlangs ? 0 : 1 - wait * Math.Exp(-(agents - erlangs) * answerWithinSeconds / ahtSeconds);

    private static double AsaFrom(double wait, int agents, double erlangs, double ahtSeconds) =>
        agents <= erlangs ? double.PositiveInfinity : wait * ahtSeconds / (agents - erlangs);

    private static QueuePerformance Performance(double wait, int agents, double erlangs, double ahtSeconds, double answerWithinSeconds) =>
        new(agents,
            ServiceLevelFrom(wait, agents, erlangs, ahtSeconds, answerWithinSeconds),
            wait,
            AsaFrom(wait, agents, erlangs, ahtSeconds),
            Math.Min(1, erlangs / agents),
            0);

    private static void Check(int agents, double erlangs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(agents, 1);
        ErlangB.CheckErlangs(erlangs);
    }

    internal static void CheckTimes(double ahtSeconds, double answerWithinSeconds)
    {
        if (!(ahtSeconds > 0 && double.IsFinite(ahtSeconds)))
            throw new ArgumentOutOfRangeException(nameof(ahtSeconds), ahtSeconds, "Must be finite and positive.");
        if (!(answerWithinSeconds >= 0 && double.IsFinite(answerWithinSeconds)))
            throw new ArgumentOutOfRangeException(nameof(answerWithinSeconds), answerWithinSeconds, "Must be finite and non-negative.");
    }
}
