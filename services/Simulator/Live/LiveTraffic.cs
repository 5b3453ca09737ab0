using Microsoft.AspNetCore.SignalR.Client;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using CallCentre.Contracts.Routing;
using CallCentre.Routing.Engine;
using CallCentre.Simulator.Scenarios;

namespace CallCentre.Simulator.Live;

/// <param name="Speed">Virtual seconds per real second.</param>
/// <param name="DurationSeconds">Cuts the scenario short (virtual seconds); null runs it all.</param>
/// <param name="Retry">How the PBX and the agents retry; <see cref="CallRetryPolicy.Default"/> when null.</param>
/// <param name="StopPlacing">Asked before each call: true ends the arrivals there.</param>
/// <param name="Settle">Waits for the answered calls to be completed and their after-call work to end before stopping the agents,
/// so that every agent figure of <see cref="LiveResult.Agents"/> is final.</param>
public sealed record LiveOptions(double Speed = 1, string AgentLogin = "agent{0:00}", string Password = "demo",
    double? DurationSeconds = null, TimeSpan? PollInterval = null, string SupervisorLogin = "supervisor", CallRetryPolicy? Retry = null,
    Func<bool>? StopPlacing = null, bool Settle = false);

/// <summary><paramref name="Refused"/>: calls the PBX finally could not place.</summary>
public sealed record LiveQueueResult(string Queue, int Offered, int Answered, int Abandoned, int AnsweredWithinThreshold, int Refused)
{
    public int PlacedAfterRetry { get; init; }

    /// <summary>Perhaps queued, not posted again (<see cref="PlacementOutcome.Unconfirmed"/>).</summary>
    public int Unconfirmed { get; init; }

    public string Kind { get; init; } = ContactKinds.Voice;

    /// <summary>Callers who asked to be called back when their patience ran out: neither answered nor abandoned as calls.</summary>
    public int CallbacksRequested { get; init; }
}

/// <summary>Offer latency runs to the agent's poll; wallboard latency from the event's instant to the tile.</summary>
public sealed record LiveResult(IReadOnlyList<LiveQueueResult> Queues, Percentiles PostCallMs, Percentiles OfferSeenMs, double WallSeconds)
{
    public Percentiles DashboardLagMs { get; init; } = Percentiles.Of([]);

    public int AgentErrors { get; init; }

    public IReadOnlyList<LiveCallTruth> Calls { get; init; } = [];

    public IReadOnlyList<LiveAgentTruth> Agents { get; init; } = [];

    /// <summary>Per queue, the other kinds it had: callbacks (an unreached one is abandoned), chats, e-mails, messages.</summary>
    public IReadOnlyList<LiveQueueResult> Contacts { get; init; } = [];
}

/// <summary>One agent as its desk saw it, timed on the simulator's clock from the platform's answers: <paramref name="Offered"/>
/// counts each ring (call and ring instant) the desk saw; <paramref name="Missed"/> the rings it let ring out; after-call work
/// runs from the completion to the first poll that finds the agent out of it.</summary>
public sealed record LiveAgentTruth(string AgentId, int Offered, int Answered, int Missed, int Rejected, double TalkSeconds,
    double AfterCallWorkSeconds, double LoggedInSeconds)
{
    /// <summary>The round trips of the requests that logged the agent in and out: each took effect somewhere within its own.</summary>
    public double LoggedInUncertaintySeconds { get; init; }
}

/// <summary>One call as the PBX, caller and agent saw it. <paramref name="Outcome"/>: answered, abandoned, refused (never placed), unconfirmed (post unanswered) or open.</summary>
public sealed record LiveCallTruth(string Queue, DateTimeOffset PostedAt, int Attempts, string Outcome, Guid? CallId,
    DateTimeOffset? AnsweredAt, DateTimeOffset? AbandonedAt, DateTimeOffset? CompletedAt)
{
    /// <summary>As posted; a call whose caller asked for a callback is a voice call with outcome <c>callback</c>, then a callback.</summary>
    public string Kind { get; init; } = ContactKinds.Voice;
}

public sealed record Percentiles(int Count, double P50, double P95, double P99)
{
    public static Percentiles Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        double At(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return new Percentiles(sorted.Length, At(0.50), At(0.95), At(0.99));
    }

    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"p50 {P50:0} ms, p95 {P95:0} ms, p99 {P99:0} ms ({Count})");
}

/// <summary>Through the public API only; routing, wrap-up and skills are the platform's own. Its timers run in real
/// time, so at a speed above 1 they last longer in virtual time than the scenario says.</summary>
public sealed class LiveTraffic(ValidScenario scenario, PlatformClient platform, LiveOptions options, TextWriter progress, TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, LiveCall> _calls = new();
    private readonly ConcurrentBag<double> _offerLatencies = [];
    private readonly ConcurrentBag<double> _postLatencies = [];
    private readonly Random _behaviour = new(scenario.Seed ^ 0x2F6B);
    private readonly object _gate = new();
    private long _started;
    private readonly int[] _offered = new int[scenario.Queues.Count];
    private readonly int[] _answered = new int[scenario.Queues.Count];
    private readonly int[] _abandoned = new int[scenario.Queues.Count];
    private readonly int[] _within = new int[scenario.Queues.Count];
    private readonly int[] _refused = new int[scenario.Queues.Count];
    private readonly int[] _placedAfterRetry = new int[scenario.Queues.Count];
    private readonly int[] _unconfirmed = new int[scenario.Queues.Count];
    private readonly CallRetryPolicy _retry = options.Retry ?? CallRetryPolicy.Default;
    private readonly Random _jitter = new(scenario.Seed ^ 0x7E57);
    private int _open;
    private int _agentErrors;
    private readonly ConcurrentQueue<CallTrace> _traces = new();
    private readonly ConcurrentDictionary<Guid, CallTrace> _tracesById = new();
    private AgentTrace[] _agentTraces = [];

    private enum Ring { Seen, Answered, Rejected, RangOut }

    private sealed class AgentTrace(string login)
    {
        public string Login { get; } = login;
        public Dictionary<(Guid Call, DateTimeOffset Since), Ring> Rings { get; } = [];
        public DateTimeOffset? TalkFrom, WrapUpFrom, LoggedInFrom;
        public double Talk, WrapUp, LoggedIn, LoggedInUncertainty;
        public int Answered;
        public volatile bool Busy;

        public LiveAgentTruth Truth() => new(Login, Rings.Count, Answered, Rings.Values.Count(r => r == Ring.RangOut),
            Rings.Values.Count(r => r == Ring.Rejected), Talk, WrapUp, LoggedIn) { LoggedInUncertaintySeconds = LoggedInUncertainty };
    }

    private readonly KindCounts[] _kinds = [.. Enumerable.Range(0, scenario.Queues.Count * ContactKindNames.Count).Select(_ => new KindCounts())];
    private readonly int[] _callbacksRequested = new int[scenario.Queues.Count];
    private readonly Random _customers = new(scenario.Seed ^ 0x3C4B);

    private sealed class KindCounts
    {
        public int Offered, Answered, Abandoned, Within, Refused;
    }

    private KindCounts Counts(int queue, ContactKind kind) => _kinds[queue * ContactKindNames.Count + (int)kind];

    private sealed class CallTrace(int queue, DateTimeOffset postedAt, ContactKind kind = ContactKind.Voice)
    {
        public int Queue { get; } = queue;
        public ContactKind Kind { get; } = kind;
        public DateTimeOffset PostedAt { get; } = postedAt;
        public Guid? CallId { get; set; }
        public int Attempts { get; set; }
        public string Outcome { get; set; } = "open";
        public DateTimeOffset? AnsweredAt { get; set; }
        public DateTimeOffset? AbandonedAt { get; set; }
        public DateTimeOffset? CompletedAt { get; set; }
    }

    private sealed record PlannedCall(double At, int Queue, double Handle, double? Patience, ContactKind Kind = ContactKind.Voice);

    private sealed class LiveCall(int queue, double postedAt, double handle, DateTimeOffset postedAtUtc = default, ContactKind kind = ContactKind.Voice)
    {
        public int Queue { get; } = queue;
        public ContactKind Kind { get; set; } = kind;
        public double PostedAt { get; } = postedAt;
        public DateTimeOffset PostedAtUtc { get; } = postedAtUtc;
        public double Handle { get; } = handle;
        public bool Offered { get; set; }
    }

    private double Duration => Math.Min(scenario.DurationSeconds, options.DurationSeconds ?? double.PositiveInfinity);

    private double Now => time.GetElapsedTime(_started).TotalSeconds * options.Speed;

    public async Task<LiveResult> RunAsync(CancellationToken ct)
    {
        var pbx = await platform.LoginAsync("pbx", options.Password, ct);
        var logins = new List<(string Login, int Group, int Ordinal)>();
        for (var g = 0; g < scenario.Agents.Count; g++)
            for (var k = 0; k < scenario.Agents[g].Count; k++)
                logins.Add((string.Format(CultureInfo.InvariantCulture, options.AgentLogin, logins.Count + 1), g, k));
        var tokens = await Task.WhenAll(logins.Select(l => platform.LoginAsync(l.Login, options.Password, ct)));
        var plan = Plan();
        progress.WriteLine($"live: {plan.Count} calls over {Duration:0} virtual s at {options.Speed}× against the platform, {logins.Count} agents");

        await using var wallboard = await WatchWallboardAsync(ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _started = time.GetTimestamp();
        _agentTraces = logins.Select(l => new AgentTrace(l.Login)).ToArray();
        var agents = logins.Select((l, i) => RunAgentAsync(tokens[i], l.Group, l.Ordinal, _agentTraces[i], stop.Token)).ToList();
        var reporter = ReportAsync(stop.Token);
        var dials = scenario.Queues.Any(q => q.CallbackOnWait is not null) ? RunCallbackDialsAsync(pbx, stop.Token) : Task.CompletedTask;
        await RunCallersAsync(pbx, plan, stop.Token);
        // Let the calls in progress end, giving up an hour (virtual) after the end, then stop the agents.
        while ((Volatile.Read(ref _open) > 0 || options.Settle && _agentTraces.Any(a => a.Busy)) && Now < Duration + 3600 && !ct.IsCancellationRequested)
            await Task.Delay(TimeSpan.FromMilliseconds(200), time, ct);
        await stop.CancelAsync();
        await Task.WhenAll(agents.Append(reporter).Append(dials).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        for (var i = 0; i < tokens.Length; i++)
        {
            try
            {
                var sent = time.GetUtcNow();
                if (await platform.SetStateAsync(tokens[i], "LoggedOut", null, CancellationToken.None) == HttpStatusCode.OK)
                    LoggedOut(_agentTraces[i], sent);
            }
            catch (HttpRequestException) { } // the platform is down at the end: its agents stay as they were
        }

        return new LiveResult(
            scenario.Queues.Select((q, i) => new LiveQueueResult(q.Id, _offered[i], _answered[i], _abandoned[i], _within[i], _refused[i])
            {
                PlacedAfterRetry = _placedAfterRetry[i],
                Unconfirmed = _unconfirmed[i],
                CallbacksRequested = _callbacksRequested[i],
            }).ToList(),
            Percentiles.Of(_postLatencies), Percentiles.Of(_offerLatencies), time.GetElapsedTime(_started).TotalSeconds)
        {
            DashboardLagMs = Percentiles.Of(_dashboardLags),
            AgentErrors = _agentErrors,
            Calls = _traces.Select(t => new LiveCallTruth(scenario.Queues[t.Queue].Id, t.PostedAt, t.Attempts, t.Outcome, t.CallId,
                t.AnsweredAt, t.AbandonedAt, t.CompletedAt) { Kind = t.Kind.Name() }).ToList(),
            Agents = _agentTraces.Select(a => a.Truth()).ToList(),
            Contacts = [.. scenario.Queues.SelectMany((q, i) => new[] { ContactKind.Callback, ContactKind.Chat, ContactKind.Email, ContactKind.Messaging }
                .Select(kind => (kind, c: Counts(i, kind))).Where(x => x.c.Offered > 0)
                .Select(x => new LiveQueueResult(q.Id, x.c.Offered, x.c.Answered, x.c.Abandoned, x.c.Within, x.c.Refused) { Kind = x.kind.Name() }))],
        };
    }

    private readonly ConcurrentBag<double> _dashboardLags = [];

    private async Task<HubConnection?> WatchWallboardAsync(CancellationToken ct)
    {
        if (platform.BaseAddress is not { } target)
            return null;
        var token = await platform.LoginAsync(options.SupervisorLogin, options.Password, ct);
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(target, "/hubs/wallboard"), o => o.AccessTokenProvider = async () => await platform.AccessTokenAsync(token, ct))
            .WithAutomaticReconnect() // the platform closes the connection when its token expires; a reconnect brings a fresh one
            .Build();
        hub.On<List<System.Text.Json.JsonElement>>("QueueMetrics", tiles =>
        {
            if (_started == 0) return; // the snapshot on connect is not an update
            foreach (var tile in tiles)
                if (tile.TryGetProperty("updatedAt", out var at) && at.GetDateTimeOffset() is var updated && updated.Year > 2000)
                    _dashboardLags.Add((time.GetUtcNow() - updated).TotalMilliseconds);
        });
        try
        {
            await hub.StartAsync(ct);
            return hub;
        }
        catch (HttpRequestException e)
        {
            progress.WriteLine($"live: no wallboard hub at {target} ({e.StatusCode?.ToString() ?? e.Message}); dashboard lag not measured");
            await hub.DisposeAsync();
            return null;
        }
    }

    private List<PlannedCall> Plan()
    {
        var random = new Random(scenario.Seed);
        var calls = new List<PlannedCall>();
        for (var q = 0; q < scenario.Queues.Count; q++)
        {
            var spec = scenario.Queues[q];
            if (spec.ArrivalsPerHour <= 0 || spec.HandleTime is null) continue;
            var slices = spec.ArrivalProfile?.Count ?? 1;
            var length = scenario.DurationSeconds / slices;
            for (var s = 0; s < slices; s++)
            {
                var rate = spec.ArrivalsPerHour / 3600 * (spec.ArrivalProfile?[s] ?? 1);
                if (rate <= 0) continue;
                for (var t = s * length - Math.Log(1 - random.NextDouble()) / rate; t < (s + 1) * length; t -= Math.Log(1 - random.NextDouble()) / rate)
                    calls.Add(new PlannedCall(t, q, spec.HandleTime.Sample(random), spec.Patience?.Sample(random)));
            }
        }
        calls.AddRange(scenario.Calls.Select(c => new PlannedCall(c.ArrivalSeconds, c.Queue, c.HandleSeconds, c.PatienceSeconds)));
        // Their own random stream, after the calls': a scenario without chats or e-mails plans exactly the calls it did before.
        var contacts = new Random(scenario.Seed ^ 0x6C17);
        for (var q = 0; q < scenario.Queues.Count; q++)
            foreach (var (kind, traffic) in new[] { (ContactKind.Chat, scenario.Queues[q].Chat), (ContactKind.Email, scenario.Queues[q].Email),
                         (ContactKind.Messaging, scenario.Queues[q].Messaging) })
            {
                if (traffic is null || traffic.ArrivalsPerHour <= 0) continue;
                var profile = scenario.Queues[q].ArrivalProfile;
                var slices = profile?.Count ?? 1;
                var length = scenario.DurationSeconds / slices;
                for (var s = 0; s < slices; s++)
                {
                    var rate = traffic.ArrivalsPerHour / 3600 * (profile?[s] ?? 1);
                    if (rate <= 0) continue;
                    for (var t = s * length - Math.Log(1 - contacts.NextDouble()) / rate; t < (s + 1) * length; t -= Math.Log(1 - contacts.NextDouble()) / rate)
                        calls.Add(new PlannedCall(t, q, traffic.HandleTime.Sample(contacts), traffic.Patience?.Sample(contacts), kind));
                }
            }
        return calls.Where(c => c.At < Duration).OrderBy(c => c.At).ToList();
    }

    private async Task RunCallersAsync(string pbx, List<PlannedCall> plan, CancellationToken ct)
    {
        var placer = new CallPlacer(platform, _retry, scenario.Seed ^ 0x5EED, time);
        var placing = new List<Task>();
        var number = 0;
        foreach (var call in plan)
        {
            await DelayUntil(call.At, ct);
            if (options.StopPlacing?.Invoke() == true)
                break;
            // Each call on its own: a post being retried does not hold back the calls arriving after it.
            placing.Add(call.Kind == ContactKind.Voice
                ? PlaceAsync(pbx, placer, call, $"+3319{++number:0000000}", ct)
                : PlaceContactAsync(pbx, call, ct));
        }
        await Task.WhenAll(placing);
    }

    private async Task PlaceAsync(string pbx, CallPlacer placer, PlannedCall call, string callerNumber, CancellationToken ct)
    {
        Interlocked.Increment(ref _offered[call.Queue]);
        var sent = time.GetTimestamp();
        var trace = new CallTrace(call.Queue, time.GetUtcNow());
        _traces.Enqueue(trace);
        // Named by the PBX, so that a platform that keeps call ids recognises a repeated post.
        var placement = await placer.PlaceAsync(pbx, scenario.Queues[call.Queue].Id, callerNumber, Guid.NewGuid(), ct);
        trace.Attempts = placement.Attempts;
        switch (placement.Outcome)
        {
            case PlacementOutcome.NotPlaced:
                trace.Outcome = "refused";
                Interlocked.Increment(ref _refused[call.Queue]);
                return;
            case PlacementOutcome.Unconfirmed:
                trace.Outcome = "unconfirmed";
                Interlocked.Increment(ref _unconfirmed[call.Queue]);
                return;
        }
        if (placement.Attempts == 1)
            _postLatencies.Add(time.GetElapsedTime(sent).TotalMilliseconds);
        else
            Interlocked.Increment(ref _placedAfterRetry[call.Queue]);
        var posted = placement.Call!;
        trace.CallId = posted.CallId;
        _tracesById[posted.CallId] = trace;
        Interlocked.Increment(ref _open);
        _calls[posted.CallId] = new LiveCall(call.Queue, Now, call.Handle, time.GetUtcNow());
        if (call.Patience is { } patience)
            _ = HangUpAsync(pbx, posted.CallId, call.At + patience, ct); // ends with the run's token
    }

    private async Task PlaceContactAsync(string pbx, PlannedCall planned, CancellationToken ct)
    {
        var counts = Counts(planned.Queue, planned.Kind);
        Interlocked.Increment(ref counts.Offered);
        var trace = new CallTrace(planned.Queue, time.GetUtcNow(), planned.Kind) { Attempts = 1 };
        _traces.Enqueue(trace);
        PlatformClient.ContactResponse posted;
        try
        {
            posted = await platform.PostContactAsync(pbx, planned.Kind.Name(), scenario.Queues[planned.Queue].Id, $"sim-{Guid.NewGuid():N}", ct);
        }
        catch (HttpRequestException)
        {
            trace.Outcome = "refused";
            Interlocked.Increment(ref counts.Refused);
            return;
        }
        trace.CallId = posted.ContactId;
        _tracesById[posted.ContactId] = trace;
        Interlocked.Increment(ref _open);
        _calls[posted.ContactId] = new LiveCall(planned.Queue, Now, planned.Handle, time.GetUtcNow(), planned.Kind);
        if (planned.Patience is { } patience)
            _ = HangUpAsync(pbx, posted.ContactId, planned.At + patience, ct);
    }

    private void CountAbandoned(LiveCall call)
    {
        if (call.Kind == ContactKind.Voice) Interlocked.Increment(ref _abandoned[call.Queue]);
        else Interlocked.Increment(ref Counts(call.Queue, call.Kind).Abandoned);
    }

    private void CountAnswered(LiveCall call, double waitSeconds)
    {
        var within = waitSeconds <= scenario.Queues[call.Queue].ServiceLevelThresholdSeconds;
        if (call.Kind == ContactKind.Voice)
        {
            Interlocked.Increment(ref _answered[call.Queue]);
            if (within) Interlocked.Increment(ref _within[call.Queue]);
            return;
        }
        Interlocked.Increment(ref Counts(call.Queue, call.Kind).Answered);
        if (within) Interlocked.Increment(ref Counts(call.Queue, call.Kind).Within);
    }

    /// <summary>A caller still waiting may take the callback offer instead of hanging up (the scenario's share).</summary>
    private async Task<bool> ChoseCallbackAsync(string pbx, Guid callId, CancellationToken ct)
    {
        if (!_calls.TryGetValue(callId, out var call) || call.Kind != ContactKind.Voice || scenario.Queues[call.Queue].CallbackOnWait is not { } offer)
            return false;
        double draw;
        lock (_gate) draw = _customers.NextDouble();
        if (draw >= offer.Share || await platform.RequestCallbackAsync(pbx, callId, "+33100000000", ct) != HttpStatusCode.Accepted)
            return false;
        call.Kind = ContactKind.Callback;
        Interlocked.Increment(ref _callbacksRequested[call.Queue]);
        Interlocked.Increment(ref Counts(call.Queue, ContactKind.Callback).Offered);
        if (_tracesById.TryGetValue(callId, out var trace)) trace.Outcome = "callback";
        return true;
    }

    /// <summary>The PBX's side of callbacks: each dial an agent's accept asked for is answered after the scenario's dial time.</summary>
    private async Task RunCallbackDialsAsync(string pbx, CancellationToken ct)
    {
        var seen = new ConcurrentDictionary<(Guid, int), bool>();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                foreach (var dial in await platform.GetCallbackDialsAsync(pbx, ct))
                    if (seen.TryAdd((dial.CallId, dial.Attempt), true))
                        _ = DialAsync(pbx, dial, ct);
                await Task.Delay(options.PollInterval ?? TimeSpan.FromMilliseconds(100), time, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or System.Text.Json.JsonException)
            {
                Interlocked.Increment(ref _agentErrors);
                await Task.Delay(_retry.Delay(1, null, _jitter), time, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task DialAsync(string pbx, PlatformClient.CallbackDial dial, CancellationToken ct)
    {
        if (!_calls.TryGetValue(dial.CallId, out var call) || scenario.Queues[call.Queue].CallbackOnWait is not { } offer)
            return;
        try
        {
            await Task.Delay(Real(offer.DialSeconds), time, ct);
            double draw;
            lock (_gate) draw = _customers.NextDouble();
            var reached = draw < offer.ReachProbability;
            var status = await platform.RecordCallbackAttemptAsync(pbx, dial.CallId, dial.Attempt,
                reached ? CallbackOutcomes.Connected : CallbackOutcomes.NoAnswer, ct);
            if (!reached && status == HttpStatusCode.OK && dial.Attempt >= (offer.Attempts ?? 3) && _calls.TryRemove(dial.CallId, out _))
            {
                if (_tracesById.TryGetValue(dial.CallId, out var trace)) (trace.Outcome, trace.AbandonedAt) = ("unreached", time.GetUtcNow());
                CountAbandoned(call);
                Interlocked.Decrement(ref _open);
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
        }
    }

    /// <summary>A 404 after an attempt that went unanswered means that attempt did hang up.</summary>
    private async Task HangUpAsync(string pbx, Guid callId, double at, CancellationToken ct)
    {
        try
        {
            await DelayUntil(at, ct);
            if (await ChoseCallbackAsync(pbx, callId, ct))
                return;
            var started = time.GetTimestamp();
            var unsure = false;
            for (var attempt = 1; _calls.ContainsKey(callId); attempt++)
            {
                try
                {
                    var status = await platform.HangUpStatusAsync(pbx, callId, ct);
                    if (status == HttpStatusCode.NoContent || (status == HttpStatusCode.NotFound && unsure))
                    {
                        if (_calls.TryRemove(callId, out var call))
                        {
                            if (_tracesById.TryGetValue(callId, out var trace))
                                (trace.Outcome, trace.AbandonedAt) = ("abandoned", time.GetUtcNow());
                            CountAbandoned(call);
                            Interlocked.Decrement(ref _open);
                        }
                        return;
                    }
                    if (status is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
                        return; // answered meanwhile
                }
                catch (HttpRequestException e)
                {
                    unsure |= e.HttpRequestError is not (HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError);
                }
                var wait = _retry.Delay(attempt, null, _jitter);
                if (time.GetElapsedTime(started) + wait > _retry.GiveUpAfter)
                    return;
                await Task.Delay(wait, time, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>Any error is ridden through as a real desk does: wait, sign in again, poll again.</summary>
    private async Task RunAgentAsync(string token, int group, int ordinal, AgentTrace trace, CancellationToken ct)
    {
        var spec = scenario.Agents[group];
        var poll = options.PollInterval ?? TimeSpan.FromMilliseconds(100);
        var onBreakFrom = spec.Breaks.Where(b => Covers(b, ordinal, spec.Count)).ToList();
        var failures = 0;
        var handling = new ConcurrentDictionary<Guid, bool>();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var me = await platform.GetAgentAsync(token, ct);
                failures = 0;
                var now = Now;
                if (trace.WrapUpFrom is { } wrapUpFrom && me.State != "AfterCallWork")
                    (trace.WrapUp, trace.WrapUpFrom, trace.Busy) = (trace.WrapUp + (time.GetUtcNow() - wrapUpFrom).TotalSeconds, null, false);
                var onDuty = OnDuty(group, ordinal, now) && !onBreakFrom.Any(b => now >= b.FromSeconds && now < b.FromSeconds + b.DurationSeconds);
                // Chats, e-mails and callbacks each on their own, so the agent holds several; off duty, offers ring out.
                foreach (var contact in me.Contacts ?? [])
                    if (contact.State == "Offered" && onDuty && handling.TryAdd(contact.ContactId, true))
                        _ = WorkContactAsync(token, spec, contact, handling, ct);
                if (me.State == "Reserved" && me.Call is { } offer)
                {
                    var ring = (offer.CallId, me.Since);
                    trace.Rings.TryAdd(ring, Ring.Seen);
                    if (!onDuty)
                    {
                        if (await platform.RejectAsync(token, offer.CallId, ct) == HttpStatusCode.OK)
                            trace.Rings[ring] = Ring.Rejected;
                    }
                    else
                        await TakeAsync(token, spec, offer.CallId, me.Since, trace, ct);
                    continue;
                }
                if (me.State == "OnCall" && me.Call is { } connected)
                {
                    await ResumeAsync(token, connected.CallId, me.Since, trace, ct);
                    continue;
                }
                if (me.State is "Available" && !onDuty)
                {
                    var leave = OnDuty(group, ordinal, now) ? "NotReady" : "LoggedOut";
                    var sent = time.GetUtcNow();
                    if (await platform.SetStateAsync(token, leave, leave == "NotReady" ? "break" : null, ct) == HttpStatusCode.OK && leave == "LoggedOut")
                        LoggedOut(trace, sent);
                }
                else if (me.State is "NotReady" or "LoggedOut" && onDuty)
                {
                    var sent = time.GetUtcNow();
                    if (await platform.SetStateAsync(token, "Available", null, ct) == HttpStatusCode.OK && me.State == "LoggedOut" && trace.LoggedInFrom is null)
                    {
                        trace.LoggedInFrom = time.GetUtcNow();
                        trace.LoggedInUncertainty += (trace.LoggedInFrom.Value - sent).TotalSeconds;
                    }
                }
                await Task.Delay(poll, time, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or System.Text.Json.JsonException)
            {
                Interlocked.Increment(ref _agentErrors);
                try
                {
                    await Task.Delay(_retry.Delay(++failures, null, _jitter), time, ct);
                    await platform.AccessTokenAsync(token, ct, renew: true);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception again) when (again is HttpRequestException or TaskCanceledException or IOException)
                {
                    // Still down: the next poll fails too and comes back here.
                }
            }
        }
    }

    /// <summary>The answer went through but its response was lost, or the completion failed: counted once.</summary>
    private async Task ResumeAsync(string token, Guid callId, DateTimeOffset answeredAt, AgentTrace agent, CancellationToken ct)
    {
        (agent.TalkFrom, agent.Busy) = (agent.TalkFrom ?? answeredAt, true);
        if (_calls.TryRemove(callId, out var call))
        {
            if (_tracesById.TryGetValue(callId, out var trace))
                (trace.Outcome, trace.AnsweredAt) = ("answered", answeredAt);
            Interlocked.Increment(ref _answered[call.Queue]);
            if ((answeredAt - call.PostedAtUtc).TotalSeconds * options.Speed <= scenario.Queues[call.Queue].ServiceLevelThresholdSeconds)
                Interlocked.Increment(ref _within[call.Queue]);
            Interlocked.Decrement(ref _open);
            await Task.Delay(Real(call.Handle), time, ct);
        }
        await CompleteAsync(token, callId, agent, ct);
    }

    private async Task CompleteAsync(string token, Guid callId, AgentTrace? agent, CancellationToken ct)
    {
        if (await platform.CompleteAsync(token, callId, "resolved", ct) != HttpStatusCode.OK)
            return;
        var now = time.GetUtcNow();
        if (_tracesById.TryGetValue(callId, out var trace))
            trace.CompletedAt = now;
        if (agent?.TalkFrom is { } from)
            (agent.Talk, agent.TalkFrom, agent.WrapUpFrom) = (agent.Talk + (now - from).TotalSeconds, null, now);
    }

    private void LoggedOut(AgentTrace agent, DateTimeOffset sent)
    {
        var now = time.GetUtcNow();
        if (agent.LoggedInFrom is { } from)
            (agent.LoggedIn, agent.LoggedInFrom, agent.LoggedInUncertainty) = (agent.LoggedIn + (now - from).TotalSeconds, null,
                agent.LoggedInUncertainty + (now - sent).TotalSeconds);
    }

    private async Task TakeAsync(string token, ValidAgentGroup spec, Guid callId, DateTimeOffset offeredAt, AgentTrace agent, CancellationToken ct)
    {
        if (!_calls.TryGetValue(callId, out var call))
        {
            // Not a call of this run's callers (or one whose post went unanswered): let it ring out, polling at the usual pace.
            await Task.Delay(options.PollInterval ?? TimeSpan.FromMilliseconds(100), time, ct);
            return;
        }
        if (!call.Offered)
        {
            call.Offered = true;
            if (offeredAt != default)
                _offerLatencies.Add((time.GetUtcNow() - offeredAt).TotalMilliseconds);
        }
        double draw;
        lock (_gate) draw = _behaviour.NextDouble();
        if (draw < spec.MissOfferProbability)
        {
            agent.Rings[(callId, offeredAt)] = Ring.RangOut;
            await Task.Delay(Real(scenario.Queues[call.Queue].OfferTimeoutSeconds), time, ct); // let it ring out
            // The platform's timer may end the ring a moment after this desk's: leave the ring alone until it has.
            while (await platform.GetAgentAsync(token, ct) is { State: "Reserved", Call: { } ringing } me && ringing.CallId == callId && me.Since == offeredAt)
                await Task.Delay(options.PollInterval ?? TimeSpan.FromMilliseconds(100), time, ct);
            return;
        }
        var ring = draw < spec.MissOfferProbability + spec.AnswerLateProbability ? spec.AnswerLateSeconds : spec.RingSeconds;
        await Task.Delay(Real(ring), time, ct);
        if (await platform.AnswerAsync(token, callId, ct) != HttpStatusCode.OK)
            return; // the caller hung up meanwhile
        (agent.Rings[(callId, offeredAt)], agent.TalkFrom, agent.Busy) = (Ring.Answered, time.GetUtcNow(), true);
        agent.Answered++;
        if (!_calls.TryRemove(callId, out _))
            return;
        var wait = Now - call.PostedAt;
        if (_tracesById.TryGetValue(callId, out var trace))
            (trace.Outcome, trace.AnsweredAt) = ("answered", time.GetUtcNow());
        Interlocked.Increment(ref _answered[call.Queue]);
        if (wait <= scenario.Queues[call.Queue].ServiceLevelThresholdSeconds)
            Interlocked.Increment(ref _within[call.Queue]);
        Interlocked.Decrement(ref _open);
        await Task.Delay(Real(call.Handle), time, ct);
        await CompleteAsync(token, callId, agent, ct);
    }

    private async Task WorkContactAsync(string token, ValidAgentGroup spec, PlatformClient.AgentContact contact,
        ConcurrentDictionary<Guid, bool> handling, CancellationToken ct)
    {
        try
        {
            if (!_calls.TryGetValue(contact.ContactId, out var call))
                return; // not this run's
            await Task.Delay(Real(spec.RingSeconds), time, ct);
            if (await platform.AnswerAsync(token, contact.ContactId, ct) != HttpStatusCode.OK)
                return;
            while (contact.Kind == ContactKinds.Callback)
            {
                await Task.Delay(options.PollInterval ?? TimeSpan.FromMilliseconds(100), time, ct);
                var held = (await platform.GetAgentAsync(token, ct)).Contacts?.FirstOrDefault(c => c.ContactId == contact.ContactId);
                if (held is null || held.State != "OnCall") return; // not reached: back in line for a later dial, or given up
                if (held.CallbackStage == "Connected") break;
            }
            if (!_calls.TryRemove(contact.ContactId, out _))
                return;
            if (_tracesById.TryGetValue(contact.ContactId, out var trace))
                (trace.Outcome, trace.AnsweredAt) = ("answered", time.GetUtcNow());
            CountAnswered(call, Now - call.PostedAt);
            Interlocked.Decrement(ref _open);
            await Task.Delay(Real(call.Handle), time, ct);
            await CompleteAsync(token, contact.ContactId, null, ct);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or System.Text.Json.JsonException)
        {
            if (!ct.IsCancellationRequested) Interlocked.Increment(ref _agentErrors);
        }
        finally
        {
            handling.TryRemove(contact.ContactId, out _);
        }
    }

    private bool OnDuty(int group, int ordinal, double now)
    {
        if (scenario.Staffing.Count == 0) return true;
        ValidStaffingSlice? current = null;
        foreach (var slice in scenario.Staffing)
            if (slice.FromSeconds <= now) current = slice;
        return current is not null && ordinal < current.OnDuty[group];
    }

    private static bool Covers(ValidBreak b, int ordinal, int count) =>
        Enumerable.Range(0, b.Count).Any(k => (b.FirstAgent + k) % count == ordinal);

    private async Task ReportAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), time, ct);
                progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"t={Now:0}s offered {_offered.Sum()} answered {_answered.Sum()} abandoned {_abandoned.Sum()} in progress {Volatile.Read(ref _open)}"));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private Task DelayUntil(double virtualSeconds, CancellationToken ct)
    {
        var wait = (virtualSeconds - Now) / options.Speed;
        return wait > 0 ? Task.Delay(TimeSpan.FromSeconds(wait), time, ct) : Task.CompletedTask;
    }

    private TimeSpan Real(double virtualSeconds) => TimeSpan.FromSeconds(Math.Max(0, virtualSeconds) / options.Speed);

}
