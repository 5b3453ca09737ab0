using System.Data.Common;
using System.Globalization;
using CallCentre.Hosting.Data;
using CallCentre.Scheduling.Adherence;
using Dapper;

namespace CallCentre.Scheduling.Data;

/// <summary>Publishing a day replaces it whole, in one transaction with the rest of the request.</summary>
public sealed class ScheduleStore(ModuleDatabase<SchedulingModule> database)
{
    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async Task PublishAsync(IReadOnlyList<AgentDay> days, string publishedBy, DateTimeOffset at, CancellationToken ct = default) =>
        await database.RunAsync(async (c, token) =>
        {
            await using var tx = await c.BeginTransactionAsync(token);
            await WriteAsync(c, tx, days, publishedBy, at);
            await tx.CommitAsync(token);
        }, ct);

    /// <summary>Within the caller's transaction: each day replaces what the agent had that day.</summary>
    internal static async Task WriteAsync(DbConnection c, DbTransaction tx, IReadOnlyList<AgentDay> days, string publishedBy, DateTimeOffset at)
    {
        foreach (var day in days)
        {
            var key = new { day.AgentId, Day = Day(day.Date) };
            await c.ExecuteAsync("""
                DELETE FROM published_activity
                 WHERE agent_id = @AgentId AND day = @Day
                """, key, tx);
            await c.ExecuteAsync("""
                DELETE FROM published_day
                 WHERE agent_id = @AgentId AND day = @Day
                """, key, tx);
            await c.ExecuteAsync("""
                INSERT INTO published_day (agent_id, day, day_off, published_at, published_by)
                     VALUES (@AgentId, @Day, @DayOff, @At, @By)
                """, new
            {
                day.AgentId, Day = Day(day.Date), day.DayOff,
                At = at.ToUnixTimeMilliseconds(), By = publishedBy,
            }, tx);
            await c.ExecuteAsync("""
                INSERT INTO published_activity (agent_id, day, starts_at, ends_at, kind)
                     VALUES (@AgentId, @Day, @StartsAt, @EndsAt, @Kind)
                """, day.Activities.Select(a => new
            {
                day.AgentId, Day = Day(day.Date), StartsAt = a.Start.ToUnixTimeMilliseconds(), EndsAt = a.End.ToUnixTimeMilliseconds(),
                Kind = AgentStates.Name(a.Kind),
            }), tx);
        }
    }

    public async Task<IReadOnlyList<AgentDay>> ListAsync(DateOnly from, DateOnly to, string? agentId = null, CancellationToken ct = default) =>
        await database.RunAsync((c, _) => ReadAsync(c, null, from, to, agentId), ct);

    /// <summary>Within the caller's transaction when <paramref name="tx"/> is given.</summary>
    internal static async Task<IReadOnlyList<AgentDay>> ReadAsync(DbConnection c, DbTransaction? tx, DateOnly from, DateOnly to, string? agentId)
    {
        var args = new { From = Day(from), To = Day(to), AgentId = agentId };
        var days = (await c.QueryAsync<(string AgentId, string Day, long DayOff)>("""
            SELECT agent_id, day, CAST(CASE WHEN day_off THEN 1 ELSE 0 END AS BIGINT)
              FROM published_day
             WHERE day >= @From AND day <= @To AND (@AgentId IS NULL OR agent_id = @AgentId)
             ORDER BY agent_id, day
            """, args, tx)).ToList();
        var activities = (await c.QueryAsync<(string AgentId, string Day, long StartsAt, long EndsAt, string Kind)>("""
            SELECT agent_id, day, starts_at, ends_at, kind
              FROM published_activity
             WHERE day >= @From AND day <= @To AND (@AgentId IS NULL OR agent_id = @AgentId)
             ORDER BY agent_id, starts_at
            """, args, tx)).ToList();
        var byDay = activities.ToLookup(a => (a.AgentId, a.Day), a => new ScheduledActivity(
            Enum.Parse<ActivityKind>(a.Kind, ignoreCase: true),
            DateTimeOffset.FromUnixTimeMilliseconds(a.StartsAt), DateTimeOffset.FromUnixTimeMilliseconds(a.EndsAt)));
        return days.Select(d => new AgentDay(d.AgentId, DateOnly.ParseExact(d.Day, "yyyy-MM-dd", CultureInfo.InvariantCulture), d.DayOff != 0,
            byDay[(d.AgentId, d.Day)].ToList())).ToList();
    }
}
