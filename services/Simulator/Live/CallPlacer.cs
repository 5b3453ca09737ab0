using System.Net;

namespace CallCentre.Simulator.Live;

/// <summary>Each wait drawn between half and all of it, seeded; a <c>Retry-After</c> is the least wait.</summary>
public sealed record CallRetryPolicy(TimeSpan Initial, TimeSpan Max, TimeSpan GiveUpAfter)
{
    public static CallRetryPolicy Default { get; } = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));

    public TimeSpan Delay(int attempt, TimeSpan? retryAfter, Random jitter)
    {
        var ceiling = Math.Min(Max.TotalMilliseconds, Initial.TotalMilliseconds * Math.Pow(2, attempt - 1));
        double draw;
        lock (jitter) draw = jitter.NextDouble();
        var wait = TimeSpan.FromMilliseconds(ceiling * (0.5 + draw / 2));
        return retryAfter is { } asked && asked > wait ? asked : wait;
    }
}

public enum PlacementOutcome
{
    /// <summary>Or refused by the queue itself (e.g. closed): the platform answered.</summary>
    Placed,
    NotPlaced,
    /// <summary>Posting again could queue it twice on a platform that does not recognise a repeated call id.</summary>
    Unconfirmed,
}

public sealed record Placement(PlacementOutcome Outcome, PlatformClient.CallResponse? Call, int Attempts);

/// <summary>A repeat of a post whose answer was lost is safe only if the platform keeps the PBX's call id (the first answer
/// names it, as its own call id or as <c>pbxCallId</c>); until then only posts that surely never arrived are repeated.</summary>
public sealed class CallPlacer(PlatformClient platform, CallRetryPolicy policy, int seed, TimeProvider time)
{
    private readonly Random _jitter = new(seed);
    private volatile bool _platformKeepsCallIds;

    public bool PlatformKeepsCallIds => _platformKeepsCallIds;

    public async Task<Placement> PlaceAsync(string pbx, string queueId, string callerNumber, Guid callId, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var mayHaveArrived = false;
        for (var attempt = 1; ; attempt++)
        {
            var result = await platform.TryPostCallAsync(pbx, queueId, callerNumber, callId, ct);
            if (result.Call is { } call)
            {
                if (call.CallId == callId || call.PbxCallId == callId.ToString())
                    _platformKeepsCallIds = true;
                return new Placement(PlacementOutcome.Placed, call, attempt);
            }
            if (result.Status is { } status && (int)status is >= 400 and < 500
                && status is not (HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout or HttpStatusCode.Unauthorized))
                return new Placement(PlacementOutcome.NotPlaced, null, attempt); // the platform said no: asking again changes nothing
            mayHaveArrived |= result.MayHaveArrived;
            if (mayHaveArrived && !_platformKeepsCallIds)
                return new Placement(PlacementOutcome.Unconfirmed, null, attempt);
            var wait = policy.Delay(attempt, result.RetryAfter, _jitter);
            if (time.GetElapsedTime(started) + wait > policy.GiveUpAfter)
                return new Placement(mayHaveArrived ? PlacementOutcome.Unconfirmed : PlacementOutcome.NotPlaced, null, attempt);
            await Task.Delay(wait, time, ct);
        }
    }
}
