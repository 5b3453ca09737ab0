namespace CallCentre.Scheduling.Erlang;

/// <summary>Special functions that stay finite from one agent to tens of thousands.</summary>
internal static class ErlangMath
{
    private const double SeriesTolerance = 1e-17;

    /// <summary>ln(1 + x), accurate for tiny x (the u = 1 + x trick; .NET has no log1p).</summary>
    public static double Log1P(double x)
    {
        var u = 1 + x;
        if (u == 1) return x;
        if (double.IsPositiveInfinity(u)) return Math.Log(x);
        return Math.Log(u) * x / (u - 1);
    }

    public static double ExpM1(double x)
    {
        if (Math.Abs(x) > 0.5) return Math.Exp(x) - 1;
        var u = Math.Exp(x);
        if (u == 1) return x;
        return (u - 1) * x / Math.Log(u);
    }

    /// <summary>ln(e^x - 1) for x ≥ 0, without overflow for large x (-∞ at 0).</summary>
    public static double LogExpM1(double x) => x > 1 ? x + Log1P(-Math.Exp(-x)) : Math.Log(ExpM1(x));

    public static double LogSumExp(double x, double y)
    {
        if (double.IsNegativeInfinity(x)) return y;
        if (double.IsNegativeInfinity(y)) return x;
        return x >= y ? x + Log1P(Math.Exp(y - x)) : y + Log1P(Math.Exp(x - y));
    }

    /// <summary>ln Γ(c + d) - ln Γ(c) for c &gt; 0, d ≥ 0, without forming either (huge) log-gamma.</summary>
    public static double LogGammaRatio(double c, double d)
    {
        if (d == 0) return 0;
        var shift = 0.0;
        // Below 15 the Stirling series is not accurate to a few ulps: recur upwards.
        while (c < 15)
        {
            shift += Math.Log(c + d) - Math.Log(c);
            c += 1;
        }
        // (c+d-½)ln(c+d) - (c-½)ln c - d, rearranged so nothing large cancels.
        return (c - 0.5) * Log1P(d / c) + d * (Math.Log(c + d) - 1) + StirlingCorrection(c + d) - StirlingCorrection(c) - shift;
    }

    /// <summary>ψ(c + n) - ψ(c) = Σ_{i&lt;n} 1/(c + i), for c &gt; 0, n ≥ 0.</summary>
    public static double DigammaDifference(double c, double n)
    {
        if (n <= 64)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++) sum += 1 / (c + i);
            return sum;
        }
        var head = 0.0;
        while (c < 15)
        {
            head += 1 / c - 1 / (c + n);
            c += 1;
        }
        return head + Log1P(n / c) + DigammaTail(c + n) - DigammaTail(c);
    }

    /// <summary>Walked outwards from <paramref name="start"/> (best: the peak ⌊x - c⌋) until the remainder's bound is negligible (docs/staffing.md).</summary>
    public static KummerSums RelativeKummerSums(double x, double c, double start)
    {
        var harmonicAtStart = DigammaDifference(c + 1, start + 1);
        Span<double> sums = stackalloc double[4];
        Span<double> atStart = stackalloc double[4];
        Span<double> previous = stackalloc double[4];
        Span<double> current = stackalloc double[4];
        Weigh(start, c, 1, harmonicAtStart, atStart);
        atStart.CopyTo(sums);

        foreach (var direction in (ReadOnlySpan<int>)[1, -1])
        {
            atStart.CopyTo(previous);
            var term = 1.0;   // t_j / t_start
            var harmonic = harmonicAtStart;
            for (var j = start; direction > 0 || j > 0; j += direction)
            {
                var next = j + direction;
                term *= direction > 0 ? x / (c + next) : (c + j) / x;
                harmonic += direction > 0 ? 1 / (c + 1 + next) : -1 / (c + 1 + j);
                if (!(term > 0)) break;
                Weigh(next, c, term, harmonic, current);
                var done = true;
                for (var k = 0; k < 4; k++)
                {
                    sums[k] += current[k];
                    var ratio = current[k] / previous[k];
                    done &= ratio < 1 && current[k] * ratio / (1 - ratio) < SeriesTolerance * sums[k];
                }
                if (done) break;
                var swap = previous;
                previous = current;
                current = swap;
            }
        }
        return new KummerSums(sums[0], sums[1], sums[2], sums[3]);
    }

    private static void Weigh(double j, double c, double term, double harmonic, Span<double> weighted)
    {
        var next = c + 1 + j;
        weighted[0] = term;
        weighted[1] = term * (j + 1) / next;
        weighted[2] = term * (c + 1) / next;
        weighted[3] = term * harmonic / next;
    }

    /// <summary>ln G for Γ(α, x) = x^α·e^-x·G(α, x), the upper incomplete gamma function without its huge factor, for x
    /// ≥ α: Legendre's continued fraction by the modified Lentz method (O(√α) terms at x ≈ α).</summary>
    public static double LogScaledUpperGamma(double alpha, double x)
    {
        const double tiny = 1e-300;
        var b = x + 1 - alpha;
        var c = 1 / tiny;
        var d = 1 / b;
        var h = d;
        for (var i = 1; i < 10_000_000; i++)
        {
            var an = -i * (i - alpha);
            b += 2;
            d = an * d + b;
            if (Math.Abs(d) < tiny) d = tiny;
            c = b + an / c;
            if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        return Math.Log(h);
    }

    // ln Γ(z) - [(z-½)ln z - z + ½ln 2π]; the omitted term is below 3e-16 for z ≥ 15.
    private static double StirlingCorrection(double z)
    {
        var inv = 1 / z;
        var inv2 = inv * inv;
        return inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 * (1.0 / 1680 - inv2 / 1188))));
    }

    // ψ(z) - ln z, for z ≥ 15.
    private static double DigammaTail(double z)
    {
        var inv = 1 / z;
        var inv2 = inv * inv;
        return -0.5 * inv - inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240 - inv2 / 132))));
    }
}

/// <summary>Σ_j w_j·t_j / t_start for t_j = x^j / Π_{i=1..j}(c + i) and four weights w_j. With c = a = Nμ/θ and x = r =
/// λ/θ these are the Erlang A queue sums.</summary>
internal readonly record struct KummerSums(double One, double NextIndexShare, double NextShare, double Harmonic);
