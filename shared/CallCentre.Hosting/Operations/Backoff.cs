namespace CallCentre.Hosting.Operations;

public static class Backoff
{
    public static TimeSpan Exponential(TimeSpan first, TimeSpan max, int attempt)
    {
        var delay = first * Math.Pow(2, Math.Min(attempt - 1, 20));
        return delay < max ? delay : max;
    }
}
