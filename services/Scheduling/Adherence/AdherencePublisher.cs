using CallCentre.Contracts.Scheduling;
using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Operations;
using CallCentre.Scheduling.Data;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCentre.Scheduling.Adherence;

/// <summary>Every replica publishes: the figures are absolute, and where they are kept the latest measurement wins.</summary>
public sealed class AdherencePublisher(ScheduleStore schedules, AgentStateStore states, CentreDefinition centre, CentreCalendar calendar, IBus bus,
    TimeProvider time, IOptions<SchedulingOptions> options, ILogger<AdherencePublisher> logger) : BackgroundService
{
    private readonly HashSet<(string Agent, DateOnly Date)> _final = [];
    private readonly SemaphoreSlim _publishing = new(1, 1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(options.Value.AdherencePublishInterval, time, PublishAsync,
            e => logger.LogWarning(e, "Publishing adherence figures failed; retrying at the next tick"), stoppingToken);

    /// <summary>Yesterday's and today's figures of every agent with scheduled or on-phone time; a day already sent once its
    /// window had closed is not sent again.</summary>
    public async Task<IReadOnlyList<AgentAdherenceRecorded>> PublishAsync(CancellationToken ct = default)
    {
        await _publishing.WaitAsync(ct);
        try
        {
            var now = time.GetUtcNow();
            var today = calendar.DateOf(now);
            _final.RemoveWhere(f => f.Date < today.AddDays(-1));
            var sent = new List<AgentAdherenceRecorded>();
            foreach (var date in new[] { today.AddDays(-1), today })
                foreach (var (agent, days, changes) in await AdherenceDays.ReadAsync(date, null, centre.Agents, schedules, states, calendar, now, ct))
                {
                    if (_final.Contains((agent.Id, date))) continue;
                    var d = AdherenceEngine.Day(agent.Id, date, days, changes, calendar, now);
                    if (d.ElapsedScheduledMinutes == 0 && d.OnPhoneMinutes == 0) continue;
                    var figures = new AgentAdherenceRecorded(agent.Id, date, d.Until, d.ElapsedScheduledMinutes, d.InAdherenceMinutes,
                        d.ElapsedScheduledWorkMinutes, d.OnPhoneMinutes);
                    await bus.Publish(figures, ct);
                    sent.Add(figures);
                    if (d.Until < now) _final.Add((agent.Id, date));
                }
            return sent;
        }
        finally
        {
            _publishing.Release();
        }
    }
}
