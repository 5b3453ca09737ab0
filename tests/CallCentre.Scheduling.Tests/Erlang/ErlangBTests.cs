using CallCentre.Scheduling.Erlang;

namespace CallCentre.Scheduling.Tests.Erlang;

public class ErlangBTests
{
    // Σ A^k/k! term by term: fine in a test for small N, and independent of the recursion.
    private static double TextbookBlocking(int servers, double erlangs)
    {
        double term = 1, sum = 1;
        for (var k = 1; k <= servers; k++)
        {
            term *= erlangs / k;
            sum += term;
        }
        return term / sum;
    }

    // The plain recursion from B(0) = 1, every step, no truncation.
    private static double FullRecursion(int servers, double erlangs)
    {
        var b = 1.0;
        for (var n = 1; n <= servers; n++) b = erlangs * b / (n + erlangs * b);
        return b;
    }

    [Fact]
    public void FiveServersTwoErlangs_MatchesTextbookValue() =>
        Assert.Equal(0.0366972, ErlangB.BlockingProbability(5, 2), 7);

    [Fact]
    public void FourteenServersTenErlangs_MatchesDirectSum() =>
        Assert.Equal(TextbookBlocking(14, 10), ErlangB.BlockingProbability(14, 10), 1e-14);

    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(3, 2.5)]
    [InlineData(10, 10)]
    [InlineData(30, 20)]
    [InlineData(60, 75)]
    [InlineData(100, 80)]
    public void SmallTeams_MatchDirectSumToTwelveDigits(int servers, double erlangs)
    {
        var expected = TextbookBlocking(servers, erlangs);
        Assert.Equal(expected, ErlangB.BlockingProbability(servers, erlangs), expected * 1e-12);
    }

    [Theory]
    [InlineData(500, 450)]
    [InlineData(1000, 1200)]
    [InlineData(2500, 2400)]
    [InlineData(10000, 9800)]
    [InlineData(10000, 10100)]
    [InlineData(50000, 49500)]
    [InlineData(3000, 100)]
    public void TruncatedRecursion_MatchesFullRecursion(int servers, double erlangs)
    {
        var expected = FullRecursion(servers, erlangs);
        Assert.Equal(expected, ErlangB.BlockingProbability(servers, erlangs), Math.Max(expected * 1e-11, 1e-300));
    }

    [Fact]
    public void SaturatedRecursion_MatchesFullRecursionInLogs()
    {
        // 400 servers for 300 Erlangs: 1/B passes 1e20 on the way, so the log-gamma shortcut is used.
        var expected = Math.Log(FullRecursion(400, 300));
        Assert.Equal(expected, Math.Log(ErlangB.BlockingProbability(400, 300)), Math.Abs(expected) * 1e-12);
    }

    [Fact]
    public void ZeroServers_BlockEverything() => Assert.Equal(1, ErlangB.BlockingProbability(0, 3));

    [Fact]
    public void ZeroTraffic_BlocksNothing() => Assert.Equal(0, ErlangB.BlockingProbability(4, 0));

    [Theory]
    [InlineData(14, 1e-100)]
    [InlineData(50_000, 1e-300)]
    public void TinyTraffic_UnderflowsToZeroWithoutOverflowing(int servers, double erlangs) =>
        Assert.Equal(0, ErlangB.BlockingProbability(servers, erlangs));

    [Fact]
    public void TinyTraffic_BlockingIsTheTextbookRatio()
    {
        const double a = 1e-10;
        var expected = a * a * a / 6 / (1 + a + a * a / 2 + a * a * a / 6);   // A^3/3! over Σ_{k≤3} A^k/k!
        Assert.Equal(expected, ErlangB.BlockingProbability(3, a), expected * 1e-13);
    }

    [Fact]
    public void OneServer_BlocksAOverOnePlusA() => Assert.Equal(2.0 / 3, ErlangB.BlockingProbability(1, 2), 1e-15);

    [Fact]
    public void HugeOverload_BlocksAlmostEverything() =>
        Assert.Equal(1 - 10.0 / 40000, ErlangB.BlockingProbability(10, 40000), 1e-6);

    [Fact]
    public void MoreServers_NeverBlockMore()
    {
        var previous = 1.0;
        for (var n = 1; n <= 3000; n++)
        {
            var b = ErlangB.BlockingProbability(n, 1000);
            Assert.InRange(b, 0, previous);
            previous = b;
        }
    }

    [Fact]
    public void ServersNeeded_IsTheFewestMeetingTheTarget()
    {
        var n = ErlangB.ServersNeeded(10, 0.01);
        Assert.Equal(18, n);
        Assert.True(ErlangB.BlockingProbability(n, 10) <= 0.01);
        Assert.True(ErlangB.BlockingProbability(n - 1, 10) > 0.01);
    }

    [Theory]
    [InlineData(0.3, 0.5)]
    [InlineData(120, 0.02)]
    [InlineData(5000, 0.001)]
    public void ServersNeeded_AgreesWithBlockingProbability(double erlangs, double target)
    {
        var n = ErlangB.ServersNeeded(erlangs, target);
        Assert.True(ErlangB.BlockingProbability(n, erlangs) <= target);
        Assert.True(n == 0 || ErlangB.BlockingProbability(n - 1, erlangs) > target);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void BadTraffic_Throws(double erlangs) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ErlangB.BlockingProbability(3, erlangs));
}
