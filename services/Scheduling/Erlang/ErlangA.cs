namespace CallCentre.Scheduling.Erlang;

/// <summary>Erlang A (Palm's M/M/N+M): Erlang C with callers who hang up after an exponential patience. Formulas and
/// numerical method (sums relative to their largest term, combined in logs): docs/staffing.md.</summary>
public static class ErlangA
{
    public const double MinPatienceInHandleTimes = 1e-12;

    public const double MaxScaledRate = 1e15;

    /// <summary>Every figure for N agents; calls that abandon count as not answered in time.</summary>
    public static QueuePerformance Evaluate(int agents, double erlangs, double ahtSeconds, double patienceSeconds, double answerWithinSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(agents, 1);
        ErlangB.CheckErlangs(erlangs);
        ErlangC.CheckTimes(ahtSeconds, answerWithinSeconds);
        CheckPatience(patienceSeconds);
        // Shorter patience than this is the Erlang B limit (callers who find no free agent leave) to
        // twelve digits, and keeps a = Nμ/θ and r = λ/θ clear of underflow.
        var patienceInHandleTimes = Math.Max(patienceSeconds / ahtSeconds, MinPatienceInHandleTimes);
        patienceSeconds = patienceInHandleTimes * ahtSeconds;
        var a = agents * patienceInHandleTimes;                 // Nμ/θ
        var r = erlangs * patienceInHandleTimes;                // λ/θ
        var s = answerWithinSeconds / patienceSeconds;          // θt
        if (!(a <= MaxScaledRate && r <= MaxScaledRate))
            throw new ArgumentOutOfRangeException(nameof(patienceSeconds), patienceSeconds,
                $"Agents × patience / AHT and Erlangs × patience / AHT must stay below {MaxScaledRate:0e0}: use Erlang C for callers that patient.");
        if (r < 1e-300 || erlangs < 1e-300) return new QueuePerformance(agents, 1, 0, 0, 0, 0);

        // Every weight below is relative to π_N·t_peak (t_peak the largest queue term), whose log runs to millions: its rounding stays out.
        var peak = Math.Floor(Math.Max(0, r - a));
        var logPeak = peak * Math.Log(r) - ErlangMath.LogGammaRatio(a + 1, peak);
        var queue = ErlangMath.RelativeKummerSums(r, a, peak);

        // States below N weigh 1/B(N) - 1 = (N/A)·1/B(N-1); X = 1/B(N-1) - 1 is the part of them
        // that keeps agents busy (state n keeps n busy, and Σ_{n<N} n·π_n = N·X·π_N).
        var logX = agents == 1 ? double.NegativeInfinity : Math.Log((agents - 1) / erlangs) + ErlangB.LogInverseBlocking(agents - 2, erlangs);
        var logNoWait = Math.Log(agents / erlangs) + ErlangMath.LogSumExp(0, logX) - logPeak;
        var logQueue = Math.Log(queue.One);
        var logTotal = ErlangMath.LogSumExp(logNoWait, logQueue);

        var wait = Math.Exp(logQueue - logTotal);
        var logBusy = ErlangMath.LogSumExp(logX - logPeak, logQueue);
        var occupancy = Math.Exp(logBusy - logTotal);
        var abandon = Math.Exp(Math.Log(queue.NextIndexShare) - logTotal);

        // Answered after waiting at most t: K·a·e^r·r^-(a+1)·∫_y^r u^a e^-u du, y = r·e^{-θt}.
        var y = r * Math.Exp(-s);
        var growth = -r * ErlangMath.ExpM1(-s) - (a + 1) * s;   // r - y - (a+1)θt
        double answeredWithin;
        if (y >= a + 1)
        {
            // Past the integrand's peak (u = a): a difference of upper incomplete gammas keeps full relative precision when few are answered in time.
            var logUpperR = ErlangMath.LogScaledUpperGamma(a + 1, r);
            var logUpperY = ErlangMath.LogScaledUpperGamma(a + 1, y);
            answeredWithin = Math.Exp(Math.Log(a) + logUpperR - logPeak - logTotal + ErlangMath.LogExpM1(growth + logUpperY - logUpperR));
        }
        else
        {
            // Otherwise lower ones: a/(a+1)·[J(a+1, r) - e^growth·J(a+1, y)], relative to t_peak.
            var peakY = Math.Floor(Math.Max(0, y - a - 1));
            var logPeakY = (peakY == 0 ? 0 : -peakY * s) + Math.Log((a + 1) / (a + 1 + peakY)) - (peak - peakY) * Math.Log(r)
                + ErlangMath.LogGammaRatio(a + 1 + peakY, peak - peakY);      // ln t_peakY(y, a+1) - ln t_peak(r, a)
            var logAnsweredAfterWait = Math.Log(queue.NextShare);
            var logStillWaiting = growth + logPeakY + Math.Log(ErlangMath.RelativeKummerSums(y, a + 1, peakY).One);
            answeredWithin = Math.Exp(logAnsweredAfterWait - ErlangMath.Log1P(1 / a) - logTotal)
                * -ErlangMath.ExpM1(logStillWaiting - logAnsweredAfterWait);
        }
        var serviceLevel = Math.Exp(logNoWait - logTotal) + answeredWithin;

        // E[wait; answered] / P(answered), P(answered) = occupancy·N/A (carried over offered traffic).
        var asa = Math.Exp(Math.Log(patienceSeconds) + Math.Log(a) + Math.Log(queue.Harmonic) - logBusy - Math.Log(agents / erlangs));

        return new QueuePerformance(agents, Clamp(serviceLevel), Clamp(wait), asa, Clamp(occupancy), Clamp(abandon));
    }

    /// <summary>Gallops up from N ≥ A·target, then bisects; null beyond <see cref="ErlangC.MaxAgents"/>.</summary>
    public static QueuePerformance? AgentsNeeded(double erlangs, double ahtSeconds, double patienceSeconds, ServiceLevelTarget target)
    {
        ErlangB.CheckErlangs(erlangs);
        ErlangC.CheckTimes(ahtSeconds, target.AnswerWithinSeconds);
        CheckPatience(patienceSeconds);
        target.Validate();
        if (erlangs == 0) return new QueuePerformance(0, 1, 0, 0, 0, 0);

        QueuePerformance At(int n) => Evaluate(n, erlangs, ahtSeconds, patienceSeconds, target.AnswerWithinSeconds);
        bool Meets(QueuePerformance p) => p.ServiceLevel >= target.ServiceLevel && p.Occupancy <= target.MaxOccupancy;

        var failing = (int)Math.Clamp(Math.Floor(erlangs * target.ServiceLevel) - 1, 0, ErlangC.MaxAgents);
        if (failing >= ErlangC.MaxAgents || !Meets(At(ErlangC.MaxAgents))) return null;
        var step = Math.Max(1, (int)Math.Sqrt(erlangs));
        int meeting;
        QueuePerformance best;
        while (true)
        {
            if (failing >= ErlangC.MaxAgents) return null;
            meeting = Math.Min(ErlangC.MaxAgents, failing + step);
            best = At(meeting);
            if (Meets(best)) break;
            failing = meeting;
            step *= 2;
        }
        while (meeting - failing > 1)
        {
            var middle = failing + (meeting - failing) / 2;
            var candidate = At(middle);
            if (Meets(candidate)) (meeting, best) = (middle, candidate);
            else failing = middle;
        }
        return best;
    }

    private static double Clamp(double probability) => Math.Clamp(probability, 0, 1);

    private static void CheckPatience(double patienceSeconds)
    {
        if (!(patienceSeconds > 0 && double.IsFinite(patienceSeconds)))
            throw new ArgumentOutOfRangeException(nameof(patienceSeconds), patienceSeconds, "Must be finite and positive.");
    }
}
