using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Operations;
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
            logger.LogInformation("Demo traffic: {Calls} calls a minute over {Queues} queues, {Agents} agents, against {Target}",
                options.CallsPerMinute, centre.Queues.Count, centre.Agents.Count, target);
            await RunCallersAsync(platform, pbx, stoppingToken);
            await Task.WhenAll(agents);
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
                _ = HangUpWhenImpatientAsync(platform, pbx, call.CallId, TimeSpan.FromSeconds(Exponential(options.MeanPatienceSeconds)), ct);
            }
            catch (HttpRequestException e)
            {
                logger.LogWarning("Demo call refused: {Error}", e.Message);
            }
        }
    }

    private async Task HangUpWhenImpatientAsync(PlatformClient platform, string pbx, Guid callId, TimeSpan patience, CancellationToken ct)
    {
        try
        {
            await Task.Delay(patience, time, ct);
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

    private async Task RunAgentAsync(PlatformClient platform, string agentId, int index, CancellationToken ct)
    {
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
