using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using CallCentre.Contracts.Routing;
using CallCentre.Contracts.Scheduling;
using CallCentre.Contracts.Sla;
using CallCentre.Dashboard.Live;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallCentre.Dashboard.Replicas;

/// <summary>Routing publishes a queue's snapshot only when it changes: a new replica reads the boards.</summary>
public sealed class BoardWarmup(DashboardOptions options, QueueBoard queues, AgentBoard agents, IntradayBoard intraday, CentreCatalog catalog,
    IHttpClientFactory httpFactory, TimeProvider time, ILogger<BoardWarmup> logger, TokenIssuer? issuer = null) : BackgroundService, IHealthCheck
{
    public const string HttpClientName = "dashboard-warmup";

    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Done => _done.Task.IsCompleted;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Done ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("Reading the current boards from Routing, SlaTracking and Scheduling."));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (options.RoutingUrl is null && options.SlaTrackingUrl is null && options.SchedulingUrl is null)
                return;
            if (issuer is null)
            {
                // With an external OpenID Connect provider this process holds no key to sign its own reading token.
                logger.LogWarning("Dashboard:RoutingUrl / SlaTrackingUrl are set but this process signs no tokens: the boards fill from events only");
                return;
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.WarmupTimeoutSeconds));
            var reads = new List<Task>();
            if (options.RoutingUrl is { } routing)
            {
                reads.Add(ReadAsync(routing, "/api/routing/queues", (List<QueueSnapshot> list) =>
                {
                    foreach (var snapshot in list) queues.Apply(snapshot);
                    return list.Count;
                }, timeout.Token));
                reads.Add(ReadAsync(routing, "/api/routing/agents", (List<RoutingAgent> list) =>
                {
                    foreach (var a in list) agents.Apply(a.ToStateChanged(catalog.Current));
                    return list.Count;
                }, timeout.Token));
            }
            if (options.SlaTrackingUrl is { } sla)
                reads.Add(ReadAsync(sla, "/api/sla/today", (List<QueueServiceLevelUpdated> list) =>
                {
                    foreach (var figures in list) queues.Apply(figures);
                    return list.Count;
                }, timeout.Token));
            if (options.SchedulingUrl is { } scheduling)
                reads.Add(ReadAsync(scheduling, "/api/intraday/staffing", (List<IntradayStaffingUpdated> list) =>
                {
                    foreach (var day in list) intraday.Apply(day);
                    return list.Count;
                }, timeout.Token));
            await Task.WhenAll(reads);
        }
        finally
        {
            _done.TrySetResult();
        }
    }

    private async Task ReadAsync<T>(string baseUrl, string path, Func<T, int> apply, CancellationToken ct)
    {
        using var http = httpFactory.CreateClient(HttpClientName);
        http.BaseAddress = new Uri(baseUrl);
        var delay = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ReadingToken());
                using var response = await http.SendAsync(request, ct);
                response.EnsureSuccessStatusCode();
                var count = apply((await response.Content.ReadFromJsonAsync<T>(ct))!);
                logger.LogInformation("Dashboard boards: read {Count} entries from {Url}{Path}", count, baseUrl, path);
                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                logger.LogWarning("Dashboard boards: gave up reading {Url}{Path} after {Attempts} attempts; they fill from events", baseUrl, path, attempt);
                return;
            }
            catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or OperationCanceledException)
            {
                // The other modules may still be starting (they start side by side).
                logger.LogDebug(e, "Dashboard boards: {Url}{Path} not readable yet (attempt {Attempt})", baseUrl, path, attempt);
            }
            try
            {
                await Task.Delay(delay, time, ct);
            }
            catch (OperationCanceledException)
            {
                logger.LogWarning("Dashboard boards: gave up reading {Url}{Path} after {Attempts} attempts; they fill from events", baseUrl, path, attempt);
                return;
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(4).Ticks));
        }
    }

    /// <summary>Granted every tenant: the least that reads every queue, agent and figure.</summary>
    private string ReadingToken() => issuer!.Issue("dashboard-boards",
        catalog.Current.Tenants.Select(t => new Claim(CallCentreClaims.Tenant, t.Id)).Prepend(new Claim(CallCentreClaims.Role, Roles.Supervisor)));

    private sealed record RoutingAgent(string AgentId, string State, string? Reason, DateTimeOffset Since, RoutingAgentCall? Call)
    {
        public AgentStateChanged ToStateChanged(CentreDefinition centre) => new(AgentId,
            centre.Agents.FirstOrDefault(a => a.Id == AgentId) is { } agent ? AgentTenants.ServedBy(centre, agent).Order(StringComparer.Ordinal).ToList() : [],
            State, Reason, Call?.CallId, Since);
    }

    private sealed record RoutingAgentCall(Guid CallId);
}
