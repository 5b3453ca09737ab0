using CallCentre.Scheduling.Erlang;

namespace CallCentre.Scheduling.Tests.Erlang;

public class ErlangMathTests
{
    [Theory]
    [InlineData(1e-20)]
    [InlineData(1e-9)]
    [InlineData(0.3)]
    [InlineData(-0.5)]
    [InlineData(1e10)]
    public void Log1P_IsAccurateForTinyAndLargeArguments(double x)
    {
        // Reference: the Taylor series for small x, Math.Log otherwise.
        var expected = Math.Abs(x) < 1e-6 ? x - x * x / 2 : Math.Log(1 + x);
        Assert.Equal(expected, ErlangMath.Log1P(x), Math.Abs(expected) * 1e-15);
    }

    [Theory]
    [InlineData(1e-20)]
    [InlineData(-1e-9)]
    [InlineData(0.3)]
    [InlineData(-40)]
    public void ExpM1_IsAccurateForTinyArguments(double x)
    {
        var expected = Math.Abs(x) < 1e-6 ? x + x * x / 2 : Math.Exp(x) - 1;
        Assert.Equal(expected, ErlangMath.ExpM1(x), Math.Abs(expected) * 1e-15);
    }

    [Fact]
    public void LogSumExp_HandlesHugeLogsAndMinusInfinity()
    {
        Assert.Equal(1000 + Math.Log(2), ErlangMath.LogSumExp(1000, 1000), 1e-12);
        Assert.Equal(5, ErlangMath.LogSumExp(double.NegativeInfinity, 5));
        Assert.Equal(-3, ErlangMath.LogSumExp(-3, double.NegativeInfinity));
    }

    [Theory]
    [InlineData(0.5, 3)]
    [InlineData(1, 10)]
    [InlineData(7.25, 40)]
    [InlineData(20, 1)]
    [InlineData(1234.5, 300)]
    [InlineData(1e6, 2000)]
    public void LogGammaRatio_MatchesSumOfLogs(double c, int d)
    {
        // Γ(c + d)/Γ(c) = c(c+1)...(c+d-1)
        var expected = Enumerable.Range(0, d).Sum(i => Math.Log(c + i));
        Assert.Equal(expected, ErlangMath.LogGammaRatio(c, d), Math.Abs(expected) * 1e-13);
    }

    [Fact]
    public void LogGammaRatio_NonIntegerStep_MatchesKnownValue() =>
        Assert.Equal(Math.Log(Math.Sqrt(Math.PI) / 2), ErlangMath.LogGammaRatio(1, 0.5), 1e-14);   // Γ(1.5)/Γ(1)

    [Theory]
    [InlineData(0.5, 10)]
    [InlineData(3, 100)]
    [InlineData(2000.5, 5000)]
    public void DigammaDifference_MatchesHarmonicSum(double c, int n)
    {
        var expected = Enumerable.Range(0, n).Sum(i => 1 / (c + i));
        Assert.Equal(expected, ErlangMath.DigammaDifference(c, n), expected * 1e-13);
    }

    [Theory]
    [InlineData(0.7, 3.0, 0)]
    [InlineData(12.0, 9.5, 2)]
    [InlineData(40.0, 10.0, 30)]
    [InlineData(40.0, 10.0, 5)]       // a start off the peak still converges
    [InlineData(300.0, 310.0, 0)]
    [InlineData(5000.0, 1000.0, 4000)]
    public void RelativeKummerSums_MatchTermByTermSums(double x, double c, int start)
    {
        // Plain sums from j = 0 with rescaling, then divided by t_start.
        double term = 1, logScale = 0, logTermAtStart = 0, one = 0, indexShare = 0, nextShare = 0, harmonicSum = 0, harmonic = 0;
        for (var j = 0; j < 100_000; j++)
        {
            if (j > 0) term *= x / (c + j);
            harmonic += 1 / (c + 1 + j);
            if (j == start) logTermAtStart = logScale + Math.Log(term);
            one += term;
            indexShare += term * (j + 1) / (c + 1 + j);
            nextShare += term * (c + 1) / (c + 1 + j);
            harmonicSum += term * harmonic / (c + 1 + j);
            if (term > 1e200)
            {
                (term, one, indexShare, nextShare, harmonicSum) = (term / 1e200, one / 1e200, indexShare / 1e200, nextShare / 1e200, harmonicSum / 1e200);
                logScale += Math.Log(1e200);
            }
        }
        var shift = logScale - logTermAtStart;

        var sums = ErlangMath.RelativeKummerSums(x, c, start);

        Assert.Equal(Math.Log(one) + shift, Math.Log(sums.One), 1e-11);
        Assert.Equal(Math.Log(indexShare) + shift, Math.Log(sums.NextIndexShare), 1e-11);
        Assert.Equal(Math.Log(nextShare) + shift, Math.Log(sums.NextShare), 1e-11);
        Assert.Equal(Math.Log(harmonicSum) + shift, Math.Log(sums.Harmonic), 1e-11);
    }

    [Fact]
    public void RelativeKummerSums_OneIsTheScaledIncompleteGamma()
    {
        // c = 1: M(1, 2, x) = (e^x - 1)/x
        Assert.Equal((Math.Exp(3) - 1) / 3, ErlangMath.RelativeKummerSums(3, 1, 0).One, 1e-13);
    }

    [Fact]
    public void RelativeKummerSums_MeanIndexSatisfiesTheBalanceIdentity()
    {
        // Σ j·t_j = x·J - c·(J - 1): checked where the peak sits 2e8 terms in and J ~ e^(2e8).
        const double x = 40000 * 1e6 / 180, c = 10 * 1e6 / 180;
        var peak = Math.Floor(x - c);
        var sums = ErlangMath.RelativeKummerSums(x, c, peak);

        Assert.Equal(1 - c / x, sums.NextIndexShare / sums.One, 1e-12);   // the c/(xJ) term is e^-(2e8)
    }

    [Theory]
    [InlineData(1, 1.5)]
    [InlineData(2, 3)]
    [InlineData(5, 7)]
    [InlineData(12, 12)]
    [InlineData(400, 420)]
    [InlineData(30, 45)]
    public void LogScaledUpperGamma_MatchesFiniteSumForWholeOrders(int order, double x)
    {
        // Γ(n, x) = (n-1)!·e^-x·Σ_{k<n} x^k/k!, so G = Σ_{k<n} (n-1)!/k! · x^(k-n)
        double g = 0, factor = 1;   // factor = (n-1)!/k! · x^(k-n), from k = n-1 down
        for (var k = order - 1; k >= 0; k--)
        {
            factor = k == order - 1 ? 1 / x : factor * (k + 1) / x;
            g += factor;
        }
        Assert.Equal(Math.Log(g), ErlangMath.LogScaledUpperGamma(order, x), 1e-13);
    }

    [Fact]
    public void RelativeKummerSums_ZeroArgument_IsTheFirstTerm()
    {
        var sums = ErlangMath.RelativeKummerSums(0, 4, 0);

        Assert.Equal(new KummerSums(1, 0.2, 1, 0.04), sums);
    }
}
