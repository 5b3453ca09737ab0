using System.Collections.Concurrent;
using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Operations;
using CallCentre.Routing.Engine;
using CallCentre.Simulator.Scenarios;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallCentre.Simulator.Live;

/// <summary>Through the public API only, as a PBX and real agents would; the demo scenario's day compressed, from one seed.</summary>
public sealed class DemoTrafficService(
    DemoTrafficOptions options, CentreDefinition centre, IServer server, IConfiguration configuration, IHostApplicationLifetime lifetime,
    IHttpClientFactory httpFactory, TimeProvider time, ILogger<DemoTrafficService> logger) : BackgroundService
{
    private readonly Random _random = new(options.Seed);
    private readonly object _randomGate = new();
    private readonly Distribution _talk = Distribution.Lognormal(options.MeanTalkSeconds,
        options.MeanTalkSeconds * Math.Sqrt(Math.Exp(0.934 * 0.934) - 1));
    private DemoDay _day = DemoDay.None;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await WaitForStartAsync(stoppingToken))
            return;
        var target = options.Target ?? OwnAddress();
        if (target is null)
        {
            logger.LogWarning("Demo traffic is off: the process listens on no HTTP address to drive");
            return;
        }
        var http = httpFactory.CreateClient("simulator");
        http.BaseAddress = new Uri(target);
        var platform = new PlatformClient(http);
        try
        {
            _day = LoadDemoDay();
            var pbx = await LoginWhenReachableAsync(platform, "pbx", stoppingToken);
            var agents = centre.Agents.Select((a, i) => RunAgentAsync(platform, a.Id, i, stoppingToken)).ToList();
            var streams = _day.ContactStreams(centre, options.CallsPerMinute);
            logger.LogInformation("Demo traffic: {Calls} calls a minute and {Contacts} over {Queues} queues, {Agents} agents, against {Target}",
                options.CallsPerMinute, string.Join(", ", streams.GroupBy(c => c.Kind).Select(g => $"{g.Sum(c => c.PerMinute):0.#} {g.Key}")),
                centre.Queues.Count, centre.Agents.Count, target);
            var contacts = streams.Select(c => RunContactsAsync(platform, pbx, c, stoppingToken))
                .Append(RunCallbackDialsAsync(platform, pbx, stoppingToken)).ToList();
            await RunCallersAsync(platform, pbx, stoppingToken);
            await Task.WhenAll(agents.Concat(contacts));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "Demo traffic stopped");
        }
    }

    private async Task RunCallersAsync(PlatformClient platform, string pbx, CancellationToken ct)
    {
        var weights = _day.QueueWeights(centre);
        var started = time.GetTimestamp();
        while (!ct.IsCancellationRequested)
        {
            var meanGap = 60.0 / Math.Max(0.01, options.CallsPerMinute * Multiplier(started));
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(Exponential(meanGap), 30)), time, ct);
            var queue = centre.Queues[PickQueue(weights)];
            var number = $"+33{Next(100_000_000, 999_999_999)}";
            try
            {
                var call = await platform.PostCallAsync(pbx, queue.Id, number, ct);
                // The IVR tells a caller who has to wait that a callback keeps their place; some take it there and then.
                if (call.State == "Waiting" && _day.Queue(queue.Id)?.CallbackOnWait is not null && Sample() < options.CallbackAtOnceShare &&
                    await platform.RequestCallbackAsync(pbx, call.CallId, number, ct) == System.Net.HttpStatusCode.Accepted)
                    continue;
                _ = HangUpWhenImpatientAsync(platform, pbx, call.CallId, TimeSpan.FromSeconds(Exponential(options.MeanPatienceSeconds)), ct,
                    Sample() < (_day.Queue(queue.Id)?.CallbackOnWait?.Share ?? 0) ? number : null);
            }
            catch (HttpRequestException e)
            {
                logger.LogWarning("Demo call refused: {Error}", e.Message);
            }
        }
    }

    /// <summary>With <paramref name="callbackNumber"/>, a caller still waiting asks to be called back instead of hanging up.</summary>
    private async Task HangUpWhenImpatientAsync(PlatformClient platform, string pbx, Guid callId, TimeSpan patience, CancellationToken ct,
        string? callbackNumber = null)
    {
        try
        {
            await Task.Delay(patience, time, ct);
            if (callbackNumber is null || await platform.RequestCallbackAsync(pbx, callId, callbackNumber, ct) != System.Net.HttpStatusCode.Accepted)
                await platform.HangUpAsync(pbx, callId, ct);
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
        }
        catch (HttpRequestException e)
        {
            logger.LogDebug("Hang-up failed: {Error}", e.Message);
        }
    }

    /// <summary>The rate of the current slice of the compressed day (the morning peak comes round every cycle).</summary>
    private double Multiplier(long started)
    {
        var profile = _day.Profile;
        if (profile.Length == 0 || options.DayCycleMinutes <= 0) return 1.0;
        var cycle = time.GetElapsedTime(started).TotalMinutes / options.DayCycleMinutes % 1.0;
        return profile[Math.Min(profile.Length - 1, (int)(cycle * profile.Length))];
    }

    private async Task RunContactsAsync(PlatformClient platform, string pbx, DemoDay.ContactStream stream, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(Exponential(60 / Math.Max(0.01, stream.PerMinute * Multiplier(started))), 120)), time, ct);
                try
                {
                    var contact = await platform.PostContactAsync(pbx, stream.Kind, stream.QueueId, $"demo-{Guid.NewGuid():N}", ct);
                    if (stream.Traffic.Patience is { } patience)
                        _ = HangUpWhenImpatientAsync(platform, pbx, contact.ContactId, TimeSpan.FromSeconds(Draw(patience) * _day.TimeScale), ct);
                }
                catch (HttpRequestException e)
                {
                    logger.LogWarning("Demo {Kind} refused: {Error}", stream.Kind, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>The PBX's side of callbacks: dial what agents accepted, after a few seconds of ringing, and say how it went.</summary>
    private async Task RunCallbackDialsAsync(PlatformClient platform, string pbx, CancellationToken ct)
    {
        var dialling = new ConcurrentDictionary<(Guid, int), bool>();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, ct);
                try
                {
                    foreach (var dial in await platform.GetCallbackDialsAsync(pbx, ct))
                        if (dialling.TryAdd((dial.CallId, dial.Attempt), true))
                            _ = DialAsync(platform, pbx, dial, dialling, ct);
                }
                catch (HttpRequestException e)
                {
                    logger.LogDebug("Callback dials not read: {Error}", e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task DialAsync(PlatformClient platform, string pbx, PlatformClient.CallbackDial dial, ConcurrentDictionary<(Guid, int), bool> dialling,
        CancellationToken ct)
    {
        try
        {
            var offer = _day.Queue(dial.QueueId)?.CallbackOnWait;
            await Task.Delay(TimeSpan.FromSeconds((offer?.DialSeconds ?? 20) * _day.TimeScale * (0.5 + Sample())), time, ct);
            var outcome = Sample() < (offer?.ReachProbability ?? 1) ? CallbackOutcomes.Connected : CallbackOutcomes.NoAnswer;
            await platform.RecordCallbackAttemptAsync(pbx, dial.CallId, dial.Attempt, outcome, ct);
        }
        catch (Exception e) when (e is HttpRequestException || ct.IsCancellationRequested)
        {
        }
        finally
        {
            dialling.TryRemove((dial.CallId, dial.Attempt), out _);
        }
    }

    /// <summary>Each chat, e-mail or callback the agent accepts runs on its own, so an agent holds several at once.</summary>
    private void HandleContacts(PlatformClient platform, string token, PlatformClient.AgentResponse me, ConcurrentDictionary<Guid, bool> handling,
        CancellationToken ct)
    {
        foreach (var contact in me.Contacts ?? [])
            if (contact.State == "Offered" && handling.TryAdd(contact.ContactId, true))
                _ = WorkContactAsync(platform, token, contact, handling, ct);
    }

    private async Task WorkContactAsync(PlatformClient platform, string token, PlatformClient.AgentContact contact, ConcurrentDictionary<Guid, bool> handling,
        CancellationToken ct)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1 + 2 * Sample()), time, ct);
            if (await platform.AnswerAsync(token, contact.ContactId, ct) != System.Net.HttpStatusCode.OK)
                return;
            if (contact.Kind == ContactKinds.Callback && !await ConnectedAsync(platform, token, contact.ContactId, ct))
                return; // not reached: the platform took it back
            var handle = _day.Traffic(contact.QueueId, contact.Kind)?.HandleTime is { } spec ? Draw(spec) * _day.TimeScale : Talk();
            await Task.Delay(TimeSpan.FromSeconds(handle), time, ct);
            await platform.CompleteAsync(token, contact.ContactId, "resolved", ct);
        }
        catch (Exception e) when (e is HttpRequestException || ct.IsCancellationRequested)
        {
        }
        finally
        {
            handling.TryRemove(contact.ContactId, out _);
        }
    }

    private async Task<bool> ConnectedAsync(PlatformClient platform, string token, Guid contactId, CancellationToken ct)
    {
        while (true)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), time, ct);
            var held = (await platform.GetAgentAsync(token, ct)).Contacts?.FirstOrDefault(c => c.ContactId == contactId);
            if (held is null || held.State != "OnCall") return false;
            if (held.CallbackStage == "Connected") return true;
        }
    }

    private async Task RunAgentAsync(PlatformClient platform, string agentId, int index, CancellationToken ct)
    {
        var handling = new ConcurrentDictionary<Guid, bool>();
        try
        {
            var token = await LoginWhenReachableAsync(platform, agentId, ct);
            var onBreak = Sample() < options.ShareOnBreak;
            await platform.SetStateAsync(token, onBreak ? "NotReady" : "Available", onBreak ? "break" : null, ct);
            await Task.Delay(TimeSpan.FromMilliseconds(50 * index % 500), time, ct);
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(400), time, ct);
                var me = await platform.GetAgentAsync(token, ct);
                if (onBreak && Sample() < 0.002)
                {
                    onBreak = false;
                    await platform.SetStateAsync(token, "Available", null, ct);
                }
                HandleContacts(platform, token, me, handling, ct);
                if (me.State != "Reserved" || me.Call is null)
                    continue;
                await Task.Delay(TimeSpan.FromSeconds(0.5 + 2 * Sample()), time, ct); // the phone rings
                if (await platform.AnswerAsync(token, me.Call.CallId, ct) != System.Net.HttpStatusCode.OK)
                    continue; // the caller hung up meanwhile
                await Task.Delay(TimeSpan.FromSeconds(Talk()), time, ct);
                await platform.CompleteAsync(token, me.Call.CallId, Sample() < 0.8 ? "resolved" : "callback-needed", ct);
            }
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Simulated agent {Agent} stopped", agentId);
        }
    }

    /// <summary>The target may start after the simulator (distributed mode).</summary>
    private async Task<string> LoginWhenReachableAsync(PlatformClient platform, string user, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await platform.LoginAsync(user, options.Password, ct);
            }
            catch (HttpRequestException e) when (attempt < 60)
            {
                logger.LogInformation("Waiting for the platform to log in {User}: {Error}", user, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), time, ct);
            }
        }
    }

    private async Task<bool> WaitForStartAsync(CancellationToken ct)
    {
        var started = new TaskCompletionSource();
        using var _ = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var __ = ct.Register(() => started.TrySetCanceled());
        try { await started.Task; return true; }
        catch (OperationCanceledException) { return false; }
    }

    private string? OwnAddress()
    {
        // The demo callers and agents use the public API, as real ones would, never the management address.
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses
            .FirstOrDefault(a => a.StartsWith("http", StringComparison.Ordinal) && !ManagementEndpoints.IsManagementAddress(configuration, a));
        return address is null ? null : ServerAddresses.ForLocalClient(address);
    }

    private DemoDay LoadDemoDay()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "scenarios", "demo.json");
        if (!File.Exists(path))
            return DemoDay.None;
        try
        {
            return new DemoDay(ScenarioFile.Load(path), options.MeanTalkSeconds);
        }
        catch (ScenarioException e)
        {
            logger.LogWarning("Demo scenario ignored: {Error}", e.Message);
            return DemoDay.None;
        }
    }

    private int PickQueue(double[] weights)
    {
        var draw = Sample() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            draw -= weights[i];
            if (draw < 0) return i;
        }
        return weights.Length - 1;
    }

    private double Talk() { lock (_randomGate) return _talk.Sample(_random); }
    private double Draw(Distribution distribution) { lock (_randomGate) return distribution.Sample(_random); }
    private double Sample() { lock (_randomGate) return _random.NextDouble(); }
    private int Next(int min, int max) { lock (_randomGate) return _random.Next(min, max); }
    private double Exponential(double mean) => -mean * Math.Log(1 - Sample());
}
