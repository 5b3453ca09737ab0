namespace CallCentre.Simulator.Scenarios;

/// <summary>Lognormal is given the mean and standard deviation of the value, not of its logarithm.</summary>
public sealed class Distribution
{
    private readonly Kind _kind;
    private readonly double _a, _b;

    private enum Kind { Exponential, Lognormal, Constant }

    private Distribution(Kind kind, double mean, double a, double b)
    {
        _kind = kind;
        Mean = mean;
        _a = a;
        _b = b;
    }

    public double Mean { get; }

    public static Distribution Exponential(double mean) => new(Kind.Exponential, mean, mean, 0);
    public static Distribution Constant(double value) => new(Kind.Constant, value, value, 0);

    public static Distribution Lognormal(double mean, double sd)
    {
        var sigma2 = Math.Log(1 + sd * sd / (mean * mean));
        return new(Kind.Lognormal, mean, Math.Log(mean) - sigma2 / 2, Math.Sqrt(sigma2));
    }

    public double Sample(Random random) => _kind switch
    {
        Kind.Exponential => -_a * Math.Log(1 - random.NextDouble()),
        Kind.Lognormal => Math.Exp(_a + _b * StandardNormal(random)),
        _ => _a,
    };

    private static double StandardNormal(Random random)
    {
        // Box–Muller; one of the pair is dropped so that every draw consumes the same two numbers.
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public override string ToString() => _kind switch
    {
        Kind.Exponential => $"exponential(mean {Mean})",
        Kind.Lognormal => $"lognormal(ln-mean {_a:0.###}, ln-sd {_b:0.###})",
        _ => $"constant({_a})",
    };
}
