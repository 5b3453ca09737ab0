namespace CallCentre.Scheduling.Erlang;

/// <summary>
/// Erlang B (M/M/N/N, blocked calls cleared): the probability that a call finds every one of N
/// servers busy when A Erlangs are offered. Also the building block of Erlang C and Erlang A.
/// </summary>
/// <remarks>
/// Computed through the inverse recursion 1/B(n) = 1 + (n/A)·1/B(n-1), 1/B(0) = 1: every step adds
/// and multiplies positive numbers, so it never cancels and never forms a factorial. 1/B(n) is the
/// sum over k ≤ n of Poisson(A) weights relative to the one at n; those more than 9√A + 20 below
/// min(n, A) add less than e^-40 of the total, so the recursion starts there, and once 1/B passes
/// 1e20 the "+1" no longer shows and the remaining steps are one log-gamma ratio (which happens
/// within about 9√A agents above A). A single evaluation therefore costs O(√A) steps whatever N is.
/// </remarks>
public static class ErlangB
{
    private const double Saturated = 1e20;

    /// <summary>Probability that an offered call is blocked, B(N, A).</summary>
    /// <param name="servers">N ≥ 0 (zero servers block everything).</param>
    /// <param name="erlangs">Offered traffic A ≥ 0, in Erlangs (arrival rate × mean holding time).</param>
    public static double BlockingProbability(int servers, double erlangs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(servers);
        CheckErlangs(erlangs);
        if (servers == 0) return 1;
        if (erlangs == 0) return 0;
        return Math.Exp(-LogInverseBlocking(servers, erlangs));
    }

    /// <summary>The fewest servers whose blocking probability is at most <paramref name="maxBlocking"/>.</summary>
    /// <param name="erlangs">Offered traffic A ≥ 0, in Erlangs.</param>
    /// <param name="maxBlocking">Target blocking probability, in (0, 1).</param>
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

    /// <summary>ln(1 / B(m, A)), finite for every m ≥ 0 and A &gt; 0.</summary>
    internal static double LogInverseBlocking(int m, double erlangs)
    {
        var inverse = InverseBlocking(m, erlangs, out var logScale);
        return Math.Log(inverse) + logScale;
    }

    /// <summary>1/B(m, A) = value · e^logScale; logScale is 0 unless the value would pass 1e20.</summary>
    /// <remarks>
    /// The hot loop of every Erlang C evaluation. Four steps of 1/B(n) = 1 + c_n·1/B(n-1), c_n = n/A,
    /// are folded into one, 1/B(n+4) = α + β·1/B(n) with α = 1 + c₄(1 + c₃(1 + c₂)) and β = c₁c₂c₃c₄,
    /// so the chain that depends on the previous value is one multiply-add per four agents; α and β
    /// are computed alongside. Still only positive terms: nothing cancels.
    /// </remarks>
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

    // 1/B(n+1) passes 1e20, so from there the "+1" no longer shows: 1/B(m) = 1/B(n)·Π_{n<k≤m} k/A,
    // one log-gamma ratio (and no overflow, however small A is).
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
