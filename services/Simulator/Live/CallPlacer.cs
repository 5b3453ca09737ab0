using System.Net;

namespace CallCentre.Simulator.Live;

/// <summary>How a call post is retried: exponential backoff from <paramref name="Initial"/> up to <paramref name="Max"/>,
/// each wait drawn between half and all of it (from a seeded generator, so a run repeats), a <c>Retry-After</c> honoured
/// as the least wait, and no new attempt once <paramref name="GiveUpAfter"/> has passed since the first.</summary>
public sealed record CallRetryPolicy(TimeSpan Initial, TimeSpan Max, TimeSpan GiveUpAfter)
{
    public static CallRetryPolicy Default { get; } = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1.</summary>
    public TimeSpan Delay(int attempt, TimeSpan? retryAfter, Random jitter)
    {
        var ceiling = Math.Min(Max.TotalMilliseconds, Initial.TotalMilliseconds * Math.Pow(2, attempt - 1));
        double draw;
        lock (jitter) draw = jitter.NextDouble();
        var wait = TimeSpan.FromMilliseconds(ceiling * (0.5 + draw / 2));
        return retryAfter is { } asked && asked > wait ? asked : wait;
    }
}

/// <summary>What became of a call the PBX tried to place.</summary>
public enum PlacementOutcome
{
    /// <summary>Queued (or refused by the queue itself, e.g. closed): the platform answered.</summary>
    Placed,
    /// <summary>Never queued: every attempt was refused or failed before reaching the platform, or the platform said no (4xx).</summary>
    NotPlaced,
    /// <summary>An attempt went unanswered after it was sent, and the platform does not recognise a repeated call id: the call
    /// may be queued, and posting it again could queue it twice, so it is not retried.</summary>
    Unconfirmed,
}

public sealed record Placement(PlacementOutcome Outcome, PlatformClient.CallResponse? Call, int Attempts);

/// <summary>The PBX's side of placing a call: it names the call itself and posts it until the platform answers, as a real PBX
/// retries a refused or failed request. A repeat of a post whose answer was lost is safe only if the platform recognises the
/// call id: the placer learns that from the first answer (it names the PBX's id, as its own call id or as <c>pbxCallId</c>)
/// and, until it knows, repeats only posts that surely never arrived (connection refused, 503 or 429 with
/// <c>Retry-After</c>).</summary>
public sealed class CallPlacer(PlatformClient platform, CallRetryPolicy policy, int seed, TimeProvider time)
{
    private readonly Random _jitter = new(seed);
    private volatile bool _platformKeepsCallIds;

    /// <summary>Whether the platform has been seen to keep the PBX's call ids.</summary>
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
