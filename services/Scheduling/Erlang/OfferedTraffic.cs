namespace CallCentre.Scheduling.Erlang;

/// <summary>The mean number of calls that would be in service at once.</summary>
public static class OfferedTraffic
{
    /// <summary>A = calls × AHT / interval length.</summary>
    public static double Erlangs(double callsPerInterval, double intervalSeconds, double ahtSeconds) =>
        callsPerInterval * ahtSeconds / intervalSeconds;
}

/// <summary>The share of paid time agents are not available for calls (breaks, training, absence).</summary>
public static class Shrinkage
{
    public static int ScheduledAgents(int agentsNeeded, double shrinkage)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(agentsNeeded);
        if (!(shrinkage >= 0 && shrinkage < 1))
            throw new ArgumentOutOfRangeException(nameof(shrinkage), shrinkage, "Must be in [0, 1).");
        // 14 / (1 - 0.3) is 20.000000000000004 in binary floating point: forgive that rounding noise.
        var exact = agentsNeeded / (1 - shrinkage);
        if (exact > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(shrinkage), shrinkage, "The scheduled head count would not fit an Int32.");
        return (int)Math.Ceiling(exact - exact * 1e-12);
    }
}
