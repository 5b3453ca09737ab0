using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Modules;
using CallCentre.Scheduling.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCentre.Scheduling.Adherence;

/// <summary>The embedded demo's schedule for today: staggered breaks so adherence shows figures and exceptions.</summary>
public sealed class DemoSchedule(ScheduleStore store, CentreDefinition centre, CentreCalendar calendar, TimeProvider time,
    IReadOnlyList<ICallCentreModule> hosted, ILogger<DemoSchedule> logger) : BackgroundService
{
    public static IReadOnlyList<AgentDay> Build(IReadOnlyList<string> agentIds, DateTimeOffset now, CentreCalendar calendar)
    {
        // From the current minute: the simulated agents log in within seconds, so nobody is out of adherence for long at start.
        var start = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        var date = calendar.DateOf(start);
        return agentIds.Select((id, i) =>
        {
            var breakAt = start.AddMinutes(20 + 10 * (i % 6));
            var lunchAt = start.AddMinutes(180 + 30 * (i % 4));
            var secondBreakAt = start.AddMinutes(360 + 15 * (i % 3));
            var end = start.AddHours(8);
            return new AgentDay(id, date, false,
            [
                new ScheduledActivity(ActivityKind.Work, start, breakAt),
                new ScheduledActivity(ActivityKind.Break, breakAt, breakAt.AddMinutes(15)),
                new ScheduledActivity(ActivityKind.Work, breakAt.AddMinutes(15), lunchAt),
                new ScheduledActivity(ActivityKind.Lunch, lunchAt, lunchAt.AddMinutes(30)),
                new ScheduledActivity(ActivityKind.Work, lunchAt.AddMinutes(30), secondBreakAt),
                new ScheduledActivity(ActivityKind.Break, secondBreakAt, secondBreakAt.AddMinutes(15)),
                new ScheduledActivity(ActivityKind.Work, secondBreakAt.AddMinutes(15), end),
            ]);
        }).ToList();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The demo is the embedded mode (every module in one process); a distributed Scheduling process never invents schedules.
        if (hosted.All(m => m.Name != "simulator"))
        {
            logger.LogInformation("Demo schedule: not published, the simulator is not hosted in this process (Scheduling:PublishDemoSchedule applies to the embedded demo)");
            return;
        }
        var now = time.GetUtcNow();
        var today = calendar.DateOf(now);
        try
        {
            if ((await store.ListAsync(today, today, ct: stoppingToken)).Count > 0)
            {
                logger.LogInformation("Demo schedule: {Date} already has a published schedule; left as it is", today);
                return;
            }
            var days = Build(centre.Agents.Select(a => a.Id).ToList(), now, calendar);
            if (days.Count == 0)
                return;
            await store.PublishAsync(days, "demo", now, stoppingToken);
            logger.LogInformation("Demo schedule published for {Date}: {Agents} agents, 8-hour shifts from {Start:HH:mm} ({Zone})", days[0].Date.ToString("yyyy-MM-dd"),
                days.Count, calendar.Local(days[0].Activities[0].Start), calendar.Zone.Id);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
