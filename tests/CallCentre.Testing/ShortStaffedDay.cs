using System.Net.Http.Json;
using CallCentre.Scheduling.Adherence;
using CallCentre.Scheduling.Data;
using Microsoft.Extensions.DependencyInjection;

namespace CallCentre.Testing;

/// <summary>lumiere-banking-fr with eight weeks of six calls a half-hour 08:00–18:00 Paris (five minutes each); four agents
/// published 08:00–14:00 on a day a week ahead: from 14:00 nobody answers, so the day misses its 80 %.</summary>
public static class ShortStaffedDay
{
    public const string Tenant = "lumiere-bank";
    public const string Queue = "lumiere-banking-fr";

    public static async Task<DateOnly> PublishAsync(EmbeddedPlatform platform)
    {
        var day = CentreCalendar.For("Africa/Casablanca").DateOf(DateTimeOffset.UtcNow).AddDays(7);
        await RecordedCalls.SeedAsync(platform, Tenant, Queue, day.AddDays(-56), day.AddDays(-1), callsPerHalfHour: 6);
        using var supervisor = await platform.HttpAs("supervisor");
        var days = new[] { "agent01", "agent02", "agent03", "agent04" }.Select(a => new
        {
            agentId = a, date = day.ToString("yyyy-MM-dd"),
            activities = new[] { new { kind = "work", start = $"{day:yyyy-MM-dd}T08:00", end = $"{day:yyyy-MM-dd}T14:00" } },
        });
        using var published = await supervisor.PutAsJsonAsync("/api/schedules/published", new { days });
        published.EnsureSuccessStatusCode();
        return day;
    }

    /// <summary>A day contract on the queue (80 % in 20 s), added through SlaTracking's API and awaited until Scheduling keeps it.</summary>
    public static async Task AddDayContractAsync(EmbeddedPlatform platform, decimal penalty, string currency)
    {
        using var admin = await platform.HttpAs("admin");
        using var added = await admin.PostAsJsonAsync("/api/sla/contracts/", new
        {
            tenantId = Tenant, queueId = Queue, serviceLevelTarget = 0.8, thresholdSeconds = 20, period = "day", penaltyPerMissedPeriod = penalty, currency,
        });
        added.EnsureSuccessStatusCode();
        var terms = platform.Services.GetRequiredService<ContractTermsStore>();
        await TestInfrastructure.EventuallyAsync(async () => (await terms.GoverningAsync(Tenant, [Queue], DateTimeOffset.UtcNow.AddDays(1)))[Queue],
            "Scheduling to keep the contract SlaTracking announced");
    }
}
