namespace CallCentre.Hosting.Operations;

/// <summary>A background service's rounds: one now, then one at every tick. A failed round is left to the next tick (the
/// callback logs it); stopping ends the loop quietly.</summary>
public static class PeriodicWork
{
    public static async Task RunAsync(TimeSpan every, TimeProvider time, Func<CancellationToken, Task> round, Action<Exception> failed,
        CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(every, time);
        try
        {
            do
            {
                try
                {
                    await round(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    failed(e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
