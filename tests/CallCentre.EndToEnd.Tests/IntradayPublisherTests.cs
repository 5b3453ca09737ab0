using System.Net.Http.Json;
using CallCentre.Contracts.Routing;
using CallCentre.Contracts.Scheduling;
using CallCentre.Scheduling.Data;
using CallCentre.Scheduling.Erlang;
using CallCentre.Scheduling.Requirements;
using Microsoft.Extensions.DependencyInjection;

namespace CallCentre.EndToEnd.Tests;

/// <summary>Scheduling's own intraday publisher on a clock at 14:07 in Paris: four weeks of recorded calls give the morning
/// forecast, a morning twice as busy and slower than usual moves the rest of the day up, the requirement follows the
/// reforecast, and the published schedule gives the agents on the phones (docs/forecasting.md, Intraday reforecast).</summary>
public sealed class IntradayPublisherTests : IDisposable
{
    private const string Tenant = "lumiere-bank";
    private const string Queue = "lumiere-banking-fr";
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly DateOnly Today = new(2026, 11, 18);
    private static readonly DateTimeOffset Now = new(2026, 11, 18, 13, 7, 0, TimeSpan.Zero);
    private readonly AdherencePlatform _platform = new(start: Now);

    private static DateTimeOffset At(DateOnly day, int hour, int minute)
    {
        var local = day.ToDateTime(new TimeOnly(hour, minute));
        return new DateTimeOffset(local, Paris.GetUtcOffset(local));
    }

    /// <summary>One call a quarter hour from 08:00 to 18:00 on the 28 days before today, 180 s each; today until 14:00, two a
    /// quarter hour of 240 s. Newest days first: an early refresh sees a shorter history of the same days.</summary>
    private async Task RecordAsync()
    {
        var store = _platform.Services.GetRequiredService<VolumeStore>();
        async Task Call(DateTimeOffset at, double handleSeconds)
        {
            var id = Guid.NewGuid();
            await store.RecordArrivalAsync(id, Tenant, Queue, at, default);
            await store.RecordLegAsync(new CallLegEnded(id, Tenant, Queue, "agent01", at, at.AddSeconds(5), at.AddSeconds(5 + handleSeconds),
                CallLegEnd.Completed, handleSeconds, 0, 0, null), default);
        }
        for (var quarter = 0; quarter < 24; quarter++)
            for (var i = 0; i < 2; i++)
                await Call(At(Today, 8, 0).AddMinutes(15 * quarter + 6 * i), 240);
        for (var day = Today.AddDays(-1); day >= Today.AddDays(-28); day = day.AddDays(-1))
            for (var quarter = 0; quarter < 40; quarter++)
                await Call(At(day, 8, 0).AddMinutes(15 * quarter + 3), 180);
    }

    [Fact]
    public async Task ABusyMorning_RaisesTheRestOfTheDay_AndItsRequirement_BesideTheScheduledAgents()
    {
        await RecordAsync();
        using var supervisor = await _platform.As("supervisor");
        var published = await supervisor.PutAsJsonAsync("/api/schedules/published", new
        {
            days = new[] { "agent01", "agent02", "agent03" }.Select(agent => new
            {
                agentId = agent, date = Today.ToString("yyyy-MM-dd"), dayOff = false,
                activities = new[] { new { kind = "work", start = At(Today, 8, 0), end = At(Today, 18, 0) } },
            }),
        });
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());

        await _platform.Services.GetRequiredService<IntradayPublisher>().RefreshAsync();

        var day = _platform.Published.OfType<IntradayStaffingUpdated>().Last(d => d.TenantId == Tenant && d.Date == Today);
        Assert.Equal(Now, day.At);
        var queue = Assert.Single(day.Queues, q => q.QueueId == Queue);
        var intervals = queue.Intervals.ToDictionary(i => i.Start);
        Assert.True(queue.VolumeFactor > 1, $"volume factor {queue.VolumeFactor}");
        Assert.True(queue.HandleTimeFactor > 1, $"handle-time factor {queue.HandleTimeFactor}");

        var morning = intervals[At(Today, 10, 0)];
        Assert.Equal(2, morning.ActualCalls);
        Assert.Equal(2, morning.ReforecastCalls);
        Assert.InRange(morning.ForecastCalls, 0.8, 1.2);

        var afternoon = intervals[At(Today, 15, 0)];
        Assert.Null(afternoon.ActualCalls);
        Assert.InRange(afternoon.ForecastCalls, 0.8, 1.2);
        Assert.True(afternoon.ReforecastCalls > afternoon.ForecastCalls, $"{afternoon.ReforecastCalls} after {afternoon.ForecastCalls}");
        Assert.True(afternoon.AhtSeconds > 180, $"AHT {afternoon.AhtSeconds}");
        var erlangs = afternoon.ReforecastCalls * afternoon.AhtSeconds!.Value / 900;
        Assert.Equal(ErlangC.AgentsNeeded(erlangs, afternoon.AhtSeconds.Value, new ServiceLevelTarget(0.8, 20))?.Agents, afternoon.RequiredAgents);
        Assert.Equal(3, afternoon.ScheduledAgents);
        Assert.Equal(0, intervals[At(Today, 18, 0)].ScheduledAgents);

        // The API gives the supervisor the same day; its tenants only.
        var latest = await supervisor.GetFromJsonAsync<List<IntradayStaffingUpdated>>("/api/intraday/staffing");
        var served = Assert.Single(latest!, d => d.TenantId == Tenant);
        Assert.Equal(afternoon.RequiredAgents, served.Queues.Single(q => q.QueueId == Queue).Intervals.Single(i => i.Start == afternoon.Start).RequiredAgents);
    }

    public void Dispose() => _platform.Dispose();
}
