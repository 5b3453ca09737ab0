namespace CallCentre.Scheduling.Erlang;

/// <summary>Erlang B (M/M/N/N), the building block of Erlang C and A (docs/staffing.md, Numerical method).</summary>
public static class ErlangB
{
    private const double Saturated = 1e20;

    public static double BlockingProbability(int servers, double erlangs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(servers);
        CheckErlangs(erlangs);
        if (servers == 0) return 1;
        if (erlangs == 0) return 0;
        return Math.Exp(-LogInverseBlocking(servers, erlangs));
    }

    public static int ServersNeeded(double erlangs, double maxBlocking)
    {
        CheckErlangs(erlangs);
        if (!(maxBlocking > 0 && maxBlocking < 1))
            throw new ArgumentOutOfRangeException(nameof(maxBlocking), maxBlocking, "Must be in (0, 1).");
        if (erlangs == 0) return 0;
        // Carried traffic A(1 - B) cannot exceed N, so no N below A(1 - target) can do.
        var n = (int)Math.Min(int.MaxValue - 1, Math.Floor(erlangs * (1 - maxBlocking)));
        var inverse = InverseBlocking(n, erlangs, out var logScale);
        while ((logScale == 0 ? 1 / inverse : Math.Exp(-Math.Log(inverse) - logScale)) > maxBlocking)
        {
            n++;
            // Once scaled, the "+1" is below 1e-20 of the value and drops out.
            inverse = (logScale == 0 ? 1 : 0) + n / erlangs * inverse;
        }
        return n;
    }

    internal static double LogInverseBlocking(int m, double erlangs)
    {
        var inverse = InverseBlocking(m, erlangs, out var logScale);
        return Math.Log(inverse) + logScale;
    }

    /// <summary>1/B(m, A) = value · e^logScale; four recursion steps per multiply-add, the hot loop of every Erlang C evaluation.</summary>
    internal static double InverseBlocking(int m, double erlangs, out double logScale)
    {
        logScale = 0;
        // Poisson weights below A - d, d = 9√A + 20, are under e^-40 of the total (Chernoff).
        var start = Math.Min(m, erlangs) - 9 * Math.Sqrt(erlangs) - 20;
        var n = start > 0 ? Math.Floor(start) : 0;
        var inverse = 1.0;
        var perErlang = 1 / erlangs;
        while (m - n >= 4)
        {
            var c1 = (n + 1) * perErlang;
            var c2 = (n + 2) * perErlang;
            var c3 = (n + 3) * perErlang;
            var c4 = (n + 4) * perErlang;
            var next = 1 + c4 * (1 + c3 * (1 + c2)) + c1 * c2 * (c3 * c4) * inverse;
            // Near saturation, hand over to single steps: they find the crossing without overflowing.
            if (!(next <= Saturated)) break;
            inverse = next;
            n += 4;
        }
        while (n < m)
        {
            var next = 1 + (n + 1) * perErlang * inverse;
            if (!(next <= Saturated) && n + 1 > erlangs)
                return Saturate(inverse, n, m, erlangs, out logScale);
            inverse = next;
            n++;
        }
        return inverse;
    }

    // Past 1e20 the "+1" no longer shows: 1/B(m) = 1/B(n)·Π_{n<k≤m} k/A, one log-gamma ratio without overflow.
    private static double Saturate(double inverse, double n, int m, double erlangs, out double logScale)
    {
        logScale = ErlangMath.LogGammaRatio(n + 1, m - n) - (m - n) * Math.Log(erlangs);
        return inverse;
    }

    internal static void CheckErlangs(double erlangs)
    {
        if (!(erlangs >= 0 && double.IsFinite(erlangs)))
            throw new ArgumentOutOfRangeException(nameof(erlangs), erlangs, "Offered traffic must be finite and non-negative.");
    }
}
