using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.Scheduling.Data;
using Microsoft.Extensions.DependencyInjection;

namespace CallCentre.EndToEnd.Tests;

/// <summary>A queue's forecast from the calls Scheduling recorded, as a planner asks for next week's.</summary>
public sealed class QueueForecastApiTests : IDisposable
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private readonly EmbeddedPlatform _platform = new();

    /// <summary>Records <paramref name="days"/> local days before tomorrow: 08:00–18:00, three calls an hour on Mondays and two
    /// otherwise, 240 s each at 09:00 and 180 s at other hours.</summary>
    private async Task<DateOnly> RecordAsync(string tenant, string queue, int days)
    {
        var store = _platform.Services.GetRequiredService<VolumeStore>();
        var tomorrow = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Paris).DateTime).AddDays(1);
        for (var day = tomorrow.AddDays(-days); day < tomorrow; day = day.AddDays(1))
            for (var hour = 8; hour < 18; hour++)
            {
                var perHour = day.DayOfWeek == DayOfWeek.Monday ? 3 : 2;
                for (var i = 0; i < perHour; i++)
                {
                    var local = day.ToDateTime(new TimeOnly(hour, i * 60 / perHour));
                    var at = new DateTimeOffset(local, Paris.GetUtcOffset(local));
                    var id = Guid.NewGuid();
                    await store.RecordArrivalAsync(id, tenant, queue, at, default);
                    await store.RecordLegAsync(new CallLegEnded(id, tenant, queue, "agent-1", at, at, at.AddMinutes(3), CallLegEnd.Completed,
                        hour == 9 ? 240 : 180, 0, 0, null), default);
                }
            }
        return tomorrow;
    }

    [Fact]
    public async Task FourRecordedWeeks_ForecastNextWeek_WithItsWeekdayPattern_AndHandleTimes()
    {
        var tomorrow = await RecordAsync("lumiere-bank", "lumiere-banking-fr", 28);
        using var supervisor = await _platform.HttpAs("supervisor");
        using var response = await supervisor.GetAsync("/api/forecasts/queues/lumiere-banking-fr?intervalMinutes=60");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var result = JsonDocument.Parse(body).RootElement;

        Assert.Equal("Europe/Paris", result.GetProperty("timeZone").GetString());
        Assert.Equal(tomorrow.AddDays(-28).ToString("yyyy-MM-dd"), result.GetProperty("historyFrom").GetString());
        Assert.Equal(186.0, result.GetProperty("averageHandleSeconds").GetDouble(), 1);   // (240 + 9 × 180) / 10: every hour takes as many calls
        var forecast = result.GetProperty("forecast").EnumerateArray()
            .ToDictionary(p => p.GetProperty("start").GetDateTime(), p => (Calls: p.GetProperty("calls").GetDouble(), Aht: p.GetProperty("ahtSeconds").GetDouble()));
        Assert.InRange(forecast.Count, 7 * 24 - 1, 7 * 24 + 1);   // the queue is open around the clock (a DST day has 23 or 25 hours)
        Assert.Equal(tomorrow.ToDateTime(TimeOnly.MinValue), forecast.Keys.Min());

        var monday = Enumerable.Range(0, 7).Select(tomorrow.AddDays).First(d => d.DayOfWeek == DayOfWeek.Monday);
        var tuesday = monday.AddDays(1) < tomorrow.AddDays(7) ? monday.AddDays(1) : monday.AddDays(-6);
        Assert.InRange(forecast[monday.ToDateTime(new TimeOnly(10, 0))].Calls, 2.5, 3.5);
        Assert.InRange(forecast[tuesday.ToDateTime(new TimeOnly(10, 0))].Calls, 1.5, 2.5);
        Assert.InRange(forecast[tuesday.ToDateTime(new TimeOnly(3, 0))].Calls, 0, 0.3);
        // Eight Tuesday 09:00 calls are thin evidence: the figure leans from their 240 s toward the 09:00 and overall averages.
        Assert.InRange(forecast[tuesday.ToDateTime(new TimeOnly(9, 0))].Aht, 215, 240);
        Assert.InRange(forecast[tuesday.ToDateTime(new TimeOnly(14, 0))].Aht, 180, 185);
    }

    [Fact]
    public async Task TenantCalendar_AClosedDayExpectsNoCalls_AndSpecialHoursNoneOutsideThem()
    {
        var tomorrow = await RecordAsync("lumiere-bank", "lumiere-banking-fr", 28);
        using var supervisor = await _platform.HttpAs("supervisor");
        var closed = tomorrow.AddDays(2);
        var shortDay = tomorrow.AddDays(3);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PutAsJsonAsync($"/api/admin/tenants/lumiere-bank/calendar/exceptions/{closed:yyyy-MM-dd}",
            new { label = "Inventaire" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PutAsJsonAsync($"/api/admin/tenants/lumiere-bank/calendar/exceptions/{shortDay:yyyy-MM-dd}",
            new { label = "Séminaire", hours = new[] { new { from = "09:00", to = "13:00" } } })).StatusCode);

        // The change reaches Scheduling over the bus.
        var forecast = await TestInfrastructure.EventuallyAsync(async () =>
        {
            var body = await supervisor.GetStringAsync("/api/forecasts/queues/lumiere-banking-fr?intervalMinutes=60");
            var points = JsonDocument.Parse(body).RootElement.GetProperty("forecast").EnumerateArray()
                .ToDictionary(p => p.GetProperty("start").GetDateTime(), p => p.GetProperty("calls").GetDouble());
            return points.Where(p => DateOnly.FromDateTime(p.Key) == closed).All(p => p.Value == 0) ? points : null;
        }, "the closed day in the forecast");

        Assert.All(forecast.Where(p => DateOnly.FromDateTime(p.Key) == closed), p => Assert.Equal(0, p.Value));
        Assert.InRange(forecast[shortDay.ToDateTime(new TimeOnly(10, 0))], 1.5, 3.5);
        Assert.Equal(0, forecast[shortDay.ToDateTime(new TimeOnly(14, 0))]);
        Assert.InRange(forecast[tomorrow.AddDays(1).ToDateTime(new TimeOnly(14, 0))], 1.5, 3.5);
    }

    [Fact]
    public async Task TooLittleHistory_BadDates_AndTheWrongCaller_AreRefusedClearly()
    {
        await RecordAsync("lumiere-bank", "lumiere-cards-fr", 5);
        using var supervisor = await _platform.HttpAs("supervisor");

        using var young = await supervisor.GetAsync("/api/forecasts/queues/lumiere-cards-fr");
        Assert.Equal(HttpStatusCode.BadRequest, young.StatusCode);
        var problem = await young.Content.ReadAsStringAsync();
        Assert.Contains("\"history\"", problem);
        Assert.Contains("5 days", problem);

        using var never = await supervisor.GetAsync("/api/forecasts/queues/helvet-support-en");
        Assert.Equal(HttpStatusCode.BadRequest, never.StatusCode);
        Assert.Contains("No call has been recorded", await never.Content.ReadAsStringAsync());

        using var badDate = await supervisor.GetAsync("/api/forecasts/queues/lumiere-cards-fr?from=30/11/2026&intervalMinutes=7");
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        var errors = JsonDocument.Parse(await badDate.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("from", out _));
        Assert.True(errors.TryGetProperty("intervalMinutes", out _));

        using var unknown = await supervisor.GetAsync("/api/forecasts/queues/no-such-queue");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        using var client = await _platform.HttpAs("client-lumiere-bank");
        using var refused = await client.GetAsync("/api/forecasts/queues/lumiere-cards-fr");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    public void Dispose() => _platform.Dispose();
}
