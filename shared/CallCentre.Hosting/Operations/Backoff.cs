namespace CallCentre.Hosting.Operations;

public static class Backoff
{
    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based): <paramref name="first"/>, doubling, at most
    /// <paramref name="max"/>.</summary>
    public static TimeSpan Exponential(TimeSpan first, TimeSpan max, int attempt)
    {
        var delay = first * Math.Pow(2, Math.Min(attempt - 1, 20));
        return delay < max ? delay : max;
    }
}
