using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.Contracts.Scheduling;
using CallCentre.Hosting.Centre;
using CallCentre.Scheduling.Adherence;
using CallCentre.Scheduling.Api;
using CallCentre.Scheduling.Data;
using CallCentre.Scheduling.Erlang;
using CallCentre.Scheduling.Forecasting;
using CallCentre.Scheduling.Requests;
using CallCentre.Scheduling.Requirements;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCentre.Scheduling.Checks;

/// <summary>A tenant's published day played against its queues' forecast by the Simulator (docs/rostering.md, Checking the published schedule).</summary>
public sealed class PublishedDayChecks(ScheduleCheckStore checks, ScheduleStore schedules, RequirementForecast forecasts, ContractTermsStore contracts,
    CentreDefinition centre, CentreCalendar calendar, IOptions<SchedulingOptions> options, TimeProvider time, ILogger<PublishedDayChecks> logger)
{
    public const int DefaultSeeds = 5;
    public const int DefaultIntervalMinutes = 30;
    public const int MaxAttempts = 20;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim _wake = new(0);

    public Task WaitForWorkAsync(TimeSpan atMost, CancellationToken ct) => _wake.WaitAsync(atMost, ct);

    public async Task<ScheduleCheckView> RequestAsync(string tenantId, DateOnly day, string by, int seeds, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var pending = new ScheduleCheckView(NewId.NextGuid(), tenantId, now, seeds, DefaultIntervalMinutes, 0, []) { Status = "pending", Day = day };
        var id = await checks.RequestAsync(pending.Id, tenantId, day, now, by, JsonSerializer.Serialize(pending, Json), ct);
        _wake.Release();
        return id == pending.Id ? pending : Read((await checks.FindAsync(id, [tenantId], ct))!);
    }

    /// <summary>Every tenant whose queues a published agent can serve gets its days from today on checked; a failure here never fails publishing.</summary>
    public async Task RequestForPublishedAsync(IReadOnlyList<AgentDay> days, string by, CancellationToken ct)
    {
        try
        {
            var today = calendar.DateOf(time.GetUtcNow());
            var agents = days.Select(d => d.AgentId).ToHashSet(StringComparer.Ordinal);
            var skills = centre.Agents.Where(a => agents.Contains(a.Id)).Select(a => a.Skills).ToList();
            var tenants = centre.Queues.Where(q => skills.Any(s => RequirementForecast.Meets(s, q.RequiredSkills))).Select(q => q.TenantId)
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            foreach (var day in days.Select(d => d.Date).Where(d => d >= today && d.DayNumber - today.DayNumber <= ForecastApi.MaxHorizonDays).Distinct().Order())
                foreach (var tenant in tenants)
                    await RequestAsync(tenant, day, by, DefaultSeeds, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "The published schedule was kept, but its checks by simulation could not be asked for");
        }
    }

    public static ScheduleCheckView Read(string json) => JsonSerializer.Deserialize<ScheduleCheckView>(json, Json)!;

    /// <summary>One attempt: done, failed (nothing to play) or still pending until the next attempt (no Simulator answered).</summary>
    public async Task RunAsync(DueCheck due, IRequestClient<ScheduleSimulationRequested> simulator, CancellationToken ct)
    {
        var pending = Read(due.Result);
        var now = time.GetUtcNow();
        var attempts = due.Attempts + 1;
        async Task EndAsync(ScheduleCheckView view, string status, DateTimeOffset? next = null) =>
            await checks.UpdateAsync(due.Id, status, attempts, next, time.GetUtcNow(), JsonSerializer.Serialize(view with { Attempts = attempts }, Json), ct);

        var (plan, problem) = await PlanAsync(due, pending.Runs, ct);
        if (plan is null)
        {
            await EndAsync(pending with { Status = "failed", Problem = problem }, "failed");
            return;
        }
        try
        {
            var answer = (await simulator.GetResponse<ScheduleSimulated>(plan.Message, ct,
                RequestTimeout.After(ms: (int)options.Value.SimulationCheckTimeout.TotalMilliseconds))).Message;
            var view = CheckReport.View(answer, plan.Message, plan.Queues, (i, t) => plan.Staffed[i][t],
                t => TimeZoneInfo.ConvertTime(plan.Message.Start.AddMinutes(t * plan.Message.IntervalMinutes), plan.Zone).DateTime, plan.Contracts);
            await EndAsync(view with { Id = due.Id, Day = due.Day, TimeZone = plan.Zone.Id }, "done");
        }
        catch (RequestTimeoutException)
        {
            var retry = options.Value.SimulationCheckRetry * Math.Pow(2, Math.Min(attempts - 1, 5));
            if (attempts >= MaxAttempts)
                await EndAsync(pending with { Status = "failed", Problem = $"No Simulator answered in {attempts} attempts." }, "failed");
            else
                await EndAsync(pending with { Problem = "No Simulator answered yet: the check is tried again." }, "pending", now + retry);
        }
        catch (RequestFaultException e)
        {
            await EndAsync(pending with { Status = "failed", Problem = e.Fault?.Exceptions.FirstOrDefault()?.Message ?? "The Simulator could not play it." }, "failed");
        }
    }

    private sealed record Plan(ScheduleSimulationRequested Message, List<QueueDemand> Queues, List<int[]> Staffed, List<ContractTerms?> Contracts, TimeZoneInfo Zone);

    private async Task<(Plan? Plan, string? Problem)> PlanAsync(DueCheck due, int seeds, CancellationToken ct)
    {
        if (centre.FindTenant(due.TenantId) is not { } tenant) return (null, $"There is no tenant {due.TenantId} in the centre.");
        var zone = TimeZoneInfo.FindSystemTimeZoneById(tenant.TimeZone);
        var from = QueueCalendar.ToUtc(due.Day.ToDateTime(TimeOnly.MinValue), zone);
        var to = QueueCalendar.ToUtc(due.Day.AddDays(1).ToDateTime(TimeOnly.MinValue), zone);
        var queues = centre.Queues.Where(q => q.TenantId == tenant.Id).OrderBy(q => q.Id, StringComparer.Ordinal).ToList();
        var terms = await contracts.GoverningAsync(tenant.Id, [.. queues.Select(q => q.Id)], from, ct);
        var width = terms.Values.FirstOrDefault(c => c?.Period == "interval")?.IntervalMinutes ?? DefaultIntervalMinutes;
        var intervals = (int)((to - from).TotalMinutes / width);

        var demands = new List<(QueueConfiguration Queue, QueueDemand Demand)>();
        foreach (var queue in queues)
        {
            var (demand, problem) = await forecasts.QueueAsync(queue, tenant, from, to, width, IntradayPlanner.HistoryDays, ct);
            if (problem is not null) return (null, problem);
            if (demand is null) continue;
            var contract = terms[queue.Id];
            demands.Add((queue, contract is null ? demand
                : demand with { Target = new ServiceLevelTarget(contract.ServiceLevelTarget, contract.ThresholdSeconds) }));
        }
        if (demands.Count == 0) return (null, $"No queue of {tenant.Id} has recorded a call to forecast from.");

        var published = await schedules.ListAsync(due.Day.AddDays(-1), due.Day.AddDays(1), ct: ct);
        var onPhones = Enumerable.Range(0, intervals)
            .Select(t => StaffingCheck.OnPhones(published, from.AddMinutes(t * width), TimeSpan.FromMinutes(width)).ToHashSet(StringComparer.Ordinal)).ToList();
        var agents = centre.Agents.Where(a => demands.Any(d => RequirementForecast.Meets(a.Skills, d.Queue.RequiredSkills))).ToList();
        var message = new ScheduleSimulationRequested(due.Id, tenant.Id, from, width, intervals,
            [.. demands.Select(d => new SimulatedQueue(d.Queue.Id, d.Queue.RequiredSkills, d.Queue.Priority,
                [.. Enumerable.Range(0, intervals).Select(t => d.Demand.Calls.GetValueOrDefault(from.AddMinutes(t * width).UtcDateTime))],
                d.Demand.AhtSeconds, d.Demand.PatienceSeconds, d.Demand.Target.AnswerWithinSeconds, d.Demand.Target.ServiceLevel))],
            [.. agents.Select(a => new SimulatedAgent(a.Id, a.Skills, [.. onPhones.Select(on => on.Contains(a.Id))]))],
            [.. Enumerable.Range(1, seeds)], time.GetUtcNow());
        var staffed = demands.Select(d => onPhones.Select(on => agents.Count(a => on.Contains(a.Id) && RequirementForecast.Meets(a.Skills, d.Queue.RequiredSkills)))
            .ToArray()).ToList();
        return (new Plan(message, [.. demands.Select(d => d.Demand)], staffed, [.. demands.Select(d => terms[d.Queue.Id])], zone), null);
    }
}
