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
            var pbx = await LoginWhenReachableAsync(platform, "pbx", stoppingToken);
            var agents = centre.Agents.Select((a, i) => RunAgentAsync(platform, a.Id, i, stoppingToken)).ToList();
            logger.LogInformation("Demo traffic: {Calls} calls, {Chats} chats and {Emails} e-mails a minute over {Queues} queues, {Agents} agents, against {Target}",
                options.CallsPerMinute, options.ChatsPerMinute, options.EmailsPerMinute, centre.Queues.Count, centre.Agents.Count, target);
            var contacts = new[]
            {
                RunContactsAsync(platform, pbx, ContactKinds.Chat, options.ChatsPerMinute, stoppingToken),
                RunContactsAsync(platform, pbx, ContactKinds.Email, options.EmailsPerMinute, stoppingToken),
                RunCallbackDialsAsync(platform, pbx, stoppingToken),
            };
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
        var weights = QueueWeights();
        var profile = DayProfile();
        var started = time.GetTimestamp();
        while (!ct.IsCancellationRequested)
        {
            // The rate of the current slice of the compressed day (the morning peak comes round every cycle).
            var multiplier = 1.0;
            if (profile.Length > 0 && options.DayCycleMinutes > 0)
            {
                var cycle = time.GetElapsedTime(started).TotalMinutes / options.DayCycleMinutes % 1.0;
                multiplier = profile[Math.Min(profile.Length - 1, (int)(cycle * profile.Length))];
            }
            var meanGap = 60.0 / Math.Max(0.01, options.CallsPerMinute * multiplier);
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(Exponential(meanGap), 30)), time, ct);
            var queue = centre.Queues[PickQueue(weights)];
            var number = $"+33{Next(100_000_000, 999_999_999)}";
            try
            {
                var call = await platform.PostCallAsync(pbx, queue.Id, number, ct);
                // The IVR tells a caller who has to wait that a callback keeps their place; some take it there and then.
                if (call.State == "Waiting" && Sample() < options.CallbackAtOnceShare &&
                    await platform.RequestCallbackAsync(pbx, call.CallId, number, ct) == System.Net.HttpStatusCode.Accepted)
                    continue;
                _ = HangUpWhenImpatientAsync(platform, pbx, call.CallId, TimeSpan.FromSeconds(Exponential(options.MeanPatienceSeconds)), ct,
                    Sample() < options.CallbackShare ? number : null);
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

    private async Task RunContactsAsync(PlatformClient platform, string pbx, string kind, double perMinute, CancellationToken ct)
    {
        var queues = centre.Queues.Where(q => centre.Agents.Any(a =>
            a.Capacity?.GetValueOrDefault(kind) > 0 && new RoutingAgent(a.Id, a.Skills).Satisfies(q.RequiredSkills))).ToList();
        if (queues.Count == 0 || perMinute <= 0)
            return;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(Exponential(60 / perMinute), 120)), time, ct);
                var queue = queues[Next(0, queues.Count)];
                try
                {
                    var contact = await platform.PostContactAsync(pbx, kind, queue.Id, $"demo-{Guid.NewGuid():N}", ct);
                    if (kind == ContactKinds.Chat) // an e-mail waits as long as it takes; a chat's customer gives up
                        _ = HangUpWhenImpatientAsync(platform, pbx, contact.ContactId, TimeSpan.FromSeconds(Exponential(2 * options.MeanPatienceSeconds)), ct);
                }
                catch (HttpRequestException e)
                {
                    logger.LogWarning("Demo {Kind} refused: {Error}", kind, e.Message);
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
            await Task.Delay(TimeSpan.FromSeconds(3 + 5 * Sample()), time, ct);
            var outcome = Sample() < options.CallbackReachProbability ? CallbackOutcomes.Connected : CallbackOutcomes.NoAnswer;
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
            var mean = contact.Kind switch
            {
                ContactKinds.Chat => options.MeanChatSeconds,
                ContactKinds.Email => options.MeanEmailSeconds,
                _ => options.MeanTalkSeconds,
            };
            await Task.Delay(TimeSpan.FromSeconds(Exponential(mean)), time, ct);
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

    private double[] QueueWeights()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "scenarios", "demo.json");
        var even = centre.Queues.Select(_ => 1.0).ToArray();
        if (!File.Exists(path))
            return even;
        try
        {
            var rates = ScenarioFile.Load(path).Queues.ToDictionary(q => q.Id, q => q.ArrivalsPerHour, StringComparer.Ordinal);
            var weights = centre.Queues.Select(q => rates.GetValueOrDefault(q.Id)).ToArray();
            return weights.Sum() > 0 ? weights : even;
        }
        catch (ScenarioException e)
        {
            logger.LogWarning("Demo scenario ignored: {Error}", e.Message);
            return even;
        }
    }

    private double[] DayProfile()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "scenarios", "demo.json");
        try
        {
            var profile = File.Exists(path) ? ScenarioFile.Load(path).Queues.Select(q => q.ArrivalProfile).FirstOrDefault(p => p is { Count: > 0 }) : null;
            if (profile is null || profile.Average() <= 0) return [];
            var mean = profile.Average();
            return profile.Select(m => m / mean).ToArray();
        }
        catch (ScenarioException)
        {
            return [];
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
    private double Sample() { lock (_randomGate) return _random.NextDouble(); }
    private int Next(int min, int max) { lock (_randomGate) return _random.Next(min, max); }
    private double Exponential(double mean) => -mean * Math.Log(1 - Sample());
}
