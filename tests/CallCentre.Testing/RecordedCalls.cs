using CallCentre.Hosting.Data;
using CallCentre.Scheduling;
using CallCentre.Scheduling.Adherence;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CallCentre.Testing;

public static class RecordedCalls
{
    /// <summary>Calls as Routing's events would have recorded them, in one transaction: arrivals evenly spread over each
    /// half-hour from 08:00 to 18:00 in Paris, each with one completed leg of 270 s talk and 30 s wrap-up.</summary>
    public static async Task SeedAsync(EmbeddedPlatform platform, string tenant, string queue, DateOnly first, DateOnly last, int callsPerHalfHour)
    {
        var paris = CentreCalendar.For("Europe/Paris");
        var arrivals = new List<object>();
        var legs = new List<object>();
        for (var day = first; day <= last; day = day.AddDays(1))
            for (var slot = 16; slot < 36; slot++)
                for (var i = 0; i < callsPerHalfHour; i++)
                {
                    var at = paris.ToInstant(day.ToDateTime(TimeOnly.MinValue).AddMinutes(slot * 30 + i * 30.0 / callsPerHalfHour))!.Value.ToUnixTimeMilliseconds();
                    var id = Guid.NewGuid().ToString();
                    arrivals.Add(new { CallId = id, TenantId = tenant, QueueId = queue, QueuedAt = at });
                    legs.Add(new { CallId = id, EndedAt = at + 320_000, TenantId = tenant, QueuedAt = at });
                }
        var database = platform.Services.GetRequiredService<ModuleDatabase<SchedulingModule>>();
        await database.RunAsync(async (c, ct) =>
        {
            await using var tx = await c.BeginTransactionAsync(ct);
            await c.ExecuteAsync("INSERT INTO call_arrival (call_id, tenant_id, queue_id, queued_at) VALUES (@CallId, @TenantId, @QueueId, @QueuedAt)", arrivals, tx);
            await c.ExecuteAsync("""
                INSERT INTO call_leg (call_id, ended_at, tenant_id, queued_at, ended_by, talk_seconds, hold_seconds, wrap_up_seconds)
                     VALUES (@CallId, @EndedAt, @TenantId, @QueuedAt, 'Completed', 270, 0, 30)
                """, legs, tx);
            await tx.CommitAsync(ct);
        });
    }
}
