using System.Collections.Concurrent;
using System.Data.Common;
using CallCentre.Hosting.Data;
using CallCentre.SlaTracking.Counting;
using Dapper;

namespace CallCentre.SlaTracking.Data;

/// <summary>Keeps the agent report's sums per agent and 15-minute UTC bucket, per hour (migration 013) and per day of the zone
/// recorded in <c>agent_day_zone</c> (migration 018), in the transaction that stores an offer, a leg or a state change. Only what
/// the write changed is added, so a repeated event adds nothing, and a state change arriving out of order moves the time of the
/// change before it.</summary>
internal sealed class AgentBuckets(DatabaseProvider provider)
{
    public const int BandSeconds = 30, Bands = 21;
    public const string Unspecified = "unspecified";
    private const string LoggedOut = "LoggedOut", NotReady = "NotReady";
    public static readonly string[] BandColumns = Enumerable.Range(0, Bands).Select(i => $"h{i:00}").ToArray();
    private static readonly string Columns = "agent_id, tenant_id, bucket, offered, missed, rejected, answered, transfers, talk_seconds, " +
                                            "hold_seconds, wrap_up_seconds, " + string.Join(", ", BandColumns);
    private static readonly string[] Summed = ["offered", "missed", "rejected", "answered", "transfers", "talk_seconds", "hold_seconds",
        "wrap_up_seconds", .. BandColumns];

    private const long DayZoneLock = 7714018;
    private static readonly ConcurrentDictionary<string, ReportingCalendar> Calendars = new(StringComparer.Ordinal);

    private bool Postgres => provider == DatabaseProvider.Postgres;

    /// <summary>The hour's first bucket.</summary>
    public static long HourOf(long bucket) => bucket - (bucket % 4 + 4) % 4;

    /// <summary>The first bucket that starts at or after <paramref name="at"/>.</summary>
    public static long FirstBucketFrom(DateTimeOffset at) =>
        CallBucketVersions.BucketOf(at.ToUnixTimeMilliseconds() + CallBucketVersions.BucketMilliseconds - 1);

    /// <summary>The first bucket of the local day that holds the start of <paramref name="bucket"/>: a bucket counts in the day it starts in.</summary>
    public static long DayOf(ReportingCalendar calendar, long bucket) =>
        FirstBucketFrom(calendar.StartOfDay(calendar.DateOf(DateTimeOffset.FromUnixTimeMilliseconds(bucket * CallBucketVersions.BucketMilliseconds))));

    public static int BandOf(double talkSeconds, double holdSeconds, double wrapUpSeconds) =>
        (int)Math.Min(Math.Floor((talkSeconds + holdSeconds + wrapUpSeconds) / BandSeconds), Bands - 1);

    /// <summary>What one write adds to one agent, tenant and bucket.</summary>
    public sealed class CallSums
    {
        public int Offered, Missed, Rejected, Answered, Transfers;
        public double Talk, Hold, WrapUp;
        public readonly int[] Band = new int[Bands];

        public void Add(CallSums o)
        {
            Offered += o.Offered; Missed += o.Missed; Rejected += o.Rejected; Answered += o.Answered; Transfers += o.Transfers;
            Talk += o.Talk; Hold += o.Hold; WrapUp += o.WrapUp;
            for (var i = 0; i < Bands; i++)
                Band[i] += o.Band[i];
        }
    }

    public async Task AddCallsAsync(DbConnection c, DbTransaction tx, IReadOnlyDictionary<(string Agent, string Tenant, long Bucket), CallSums> sums,
        CancellationToken ct)
    {
        if (sums.Count == 0)
            return;
        static Dictionary<(string Agent, string Tenant, long Bucket), CallSums> Regroup(
            IReadOnlyDictionary<(string Agent, string Tenant, long Bucket), CallSums> sums, Func<long, long> bucketOf)
        {
            var grouped = new Dictionary<(string Agent, string Tenant, long Bucket), CallSums>();
            foreach (var ((agent, tenant, bucket), s) in sums)
            {
                var key = (agent, tenant, bucketOf(bucket));
                (grouped.TryGetValue(key, out var g) ? g : grouped[key] = new CallSums()).Add(s);
            }
            return grouped;
        }
        // Every writer locks summary rows in one order (bucket table first, then by key), so that writers cannot deadlock.
        await UpsertCallsAsync(c, tx, "agent_bucket_calls", sums, ct);
        await UpsertCallsAsync(c, tx, "agent_hour_calls", Regroup(sums, HourOf), ct);
        var calendar = await DayCalendarAsync(c, tx, ct);
        await AgentPackedDays.MoveBackAsync(c, tx, sums.Keys.Min(k => k.Bucket), ct);
        if (calendar is not null)
            await UpsertCallsAsync(c, tx, "agent_day_calls", Regroup(sums, b => DayOf(calendar, b)), ct);
    }

    /// <summary>Packs the next closed UTC day before <paramref name="untilDay"/> (<see cref="AgentPackedDays"/>), holding the day sums'
    /// lock as <see cref="UseDayZoneAsync"/> does; false when every one is packed.</summary>
    public async Task<bool> PackDayAsync(DbConnection c, DbTransaction tx, long untilDay, CancellationToken ct)
    {
        if (await AgentPackedDays.ThroughAsync(c, tx, ct) >= untilDay)
            return false;
        if (Postgres)
            await c.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@Key)", new { Key = DayZoneLock }, tx, cancellationToken: ct));
        return await AgentPackedDays.PackAsync(c, tx, Postgres, untilDay, 1, ct);
    }

    /// <summary>The calendar of the recorded day zone, null before one is recorded. On PostgreSQL it holds the day sums' lock shared
    /// until the transaction ends, so that <see cref="UseDayZoneAsync"/> never cuts days while a write adds to them.</summary>
    private async Task<ReportingCalendar?> DayCalendarAsync(DbConnection c, DbTransaction tx, CancellationToken ct)
    {
        if (Postgres)
            await c.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock_shared(@Key)", new { Key = DayZoneLock }, tx, cancellationToken: ct));
        var zone = await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition("SELECT zone FROM agent_day_zone", transaction: tx,
            cancellationToken: ct));
        return zone is null ? null : Calendars.GetOrAdd(zone, z => new ReportingCalendar(z));
    }

    public static Task<string?> DayZoneAsync(DbConnection c, DbTransaction? tx, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<string?>(new CommandDefinition("SELECT zone FROM agent_day_zone", transaction: tx, cancellationToken: ct));

    /// <summary>Cuts the day sums again from the 15-minute sums in the days of <paramref name="zoneId"/> and records it, unless it
    /// is the recorded zone already (false).</summary>
    public async Task<bool> UseDayZoneAsync(DbConnection c, DbTransaction tx, string zoneId, CancellationToken ct)
    {
        if (Postgres)
            await c.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@Key)", new { Key = DayZoneLock }, tx, cancellationToken: ct));
        if (await DayZoneAsync(c, tx, ct) == zoneId)
            return false;
        var calendar = new ReportingCalendar(zoneId);
        var (first, last) = await c.QuerySingleAsync<(long?, long?)>(new CommandDefinition("""
            SELECT min(b), max(b) FROM (SELECT min(bucket) AS b FROM agent_bucket_calls UNION ALL SELECT max(bucket) FROM agent_bucket_calls
                                        UNION ALL SELECT min(bucket) FROM agent_bucket_state UNION ALL SELECT max(bucket) FROM agent_bucket_state) x
            """, transaction: tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition("""
            DELETE FROM agent_day_calls; DELETE FROM agent_day_state; DELETE FROM agent_day_zone;
            CREATE TEMPORARY TABLE agent_day_of (bucket BIGINT NOT NULL PRIMARY KEY, day BIGINT NOT NULL);
            """, transaction: tx, cancellationToken: ct));
        if (first is { } from && last is { } to)
        {
            var buckets = new List<long>();
            var days = new List<long>();
            for (var date = calendar.DateOf(DateTimeOffset.FromUnixTimeMilliseconds(from * CallBucketVersions.BucketMilliseconds)); ; date = date.PlusDays(1))
            {
                var start = FirstBucketFrom(calendar.StartOfDay(date));
                var end = Math.Min(FirstBucketFrom(calendar.StartOfDay(date.PlusDays(1))), to + 1);
                for (var b = Math.Max(start, from); b < end; b++)
                {
                    buckets.Add(b);
                    days.Add(start);
                }
                if (end > to)
                    break;
            }
            if (Postgres)
                await c.ExecuteAsync(new CommandDefinition("INSERT INTO agent_day_of SELECT * FROM unnest(@Buckets::bigint[], @Days::bigint[])",
                    new { Buckets = buckets.ToArray(), Days = days.ToArray() }, tx, cancellationToken: ct));
            else
                await c.ExecuteAsync(new CommandDefinition("INSERT INTO agent_day_of (bucket, day) VALUES (@Bucket, @Day)",
                    buckets.Select((b, i) => new { Bucket = b, Day = days[i] }), tx, cancellationToken: ct));
        }
        await c.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO agent_day_calls ({Columns})
            SELECT agent_id, tenant_id, d.day, {string.Join(", ", Summed.Select(s => $"sum({s})"))}
              FROM agent_bucket_calls b JOIN agent_day_of d ON d.bucket = b.bucket
             GROUP BY agent_id, tenant_id, d.day;
            INSERT INTO agent_day_state (agent_id, tenant_ids, bucket, logged_in_ms, staffed_ms, busy_ms)
            SELECT agent_id, tenant_ids, d.day, sum(logged_in_ms), sum(staffed_ms), sum(busy_ms)
              FROM agent_bucket_state b JOIN agent_day_of d ON d.bucket = b.bucket
             GROUP BY agent_id, tenant_ids, d.day;
            INSERT INTO agent_day_zone (zone) VALUES (@Zone);
            DROP TABLE agent_day_of;
            """, new { Zone = zoneId }, tx, cancellationToken: ct));
        return true;
    }

    private async Task UpsertCallsAsync(DbConnection c, DbTransaction tx, string table,
        IReadOnlyDictionary<(string Agent, string Tenant, long Bucket), CallSums> sums, CancellationToken ct)
    {
        var rows = sums.OrderBy(p => p.Key.Bucket).ThenBy(p => p.Key.Agent, StringComparer.Ordinal).ThenBy(p => p.Key.Tenant, StringComparer.Ordinal)
            .ToList();
        var conflict = $"ON CONFLICT (bucket, agent_id, tenant_id) DO UPDATE SET " +
                       string.Join(", ", Summed.Select(s => $"{s} = {table}.{s} + excluded.{s}"));
        if (Postgres)
        {
            var p = new DynamicParameters();
            p.Add("A", rows.Select(r => r.Key.Agent).ToArray()); p.Add("T", rows.Select(r => r.Key.Tenant).ToArray());
            p.Add("B", rows.Select(r => r.Key.Bucket).ToArray());
            p.Add("Offered", rows.Select(r => r.Value.Offered).ToArray()); p.Add("Missed", rows.Select(r => r.Value.Missed).ToArray());
            p.Add("Rejected", rows.Select(r => r.Value.Rejected).ToArray()); p.Add("Answered", rows.Select(r => r.Value.Answered).ToArray());
            p.Add("Transfers", rows.Select(r => r.Value.Transfers).ToArray()); p.Add("Talk", rows.Select(r => r.Value.Talk).ToArray());
            p.Add("Hold", rows.Select(r => r.Value.Hold).ToArray()); p.Add("WrapUp", rows.Select(r => r.Value.WrapUp).ToArray());
            for (var i = 0; i < Bands; i++)
            {
                var band = i;
                p.Add(BandColumns[i], rows.Select(r => r.Value.Band[band]).ToArray());
            }
            await c.ExecuteAsync(new CommandDefinition($"""
                INSERT INTO {table} ({Columns})
                SELECT * FROM unnest(@A::text[], @T::text[], @B::bigint[], @Offered::int[], @Missed::int[], @Rejected::int[], @Answered::int[],
                                     @Transfers::int[], @Talk::float8[], @Hold::float8[], @WrapUp::float8[],
                                     {string.Join(", ", BandColumns.Select(b => $"@{b}::int[]"))})
                {conflict}
                """, p, tx, cancellationToken: ct));
            return;
        }
        var sql = $"""
            INSERT INTO {table} ({Columns})
            VALUES (@A, @T, @B, @Offered, @Missed, @Rejected, @Answered, @Transfers, @Talk, @Hold, @WrapUp, {string.Join(", ", BandColumns.Select(b => "@" + b))})
            {conflict}
            """;
        foreach (var ((agent, tenant, bucket), s) in rows)
        {
            var p = new DynamicParameters(new
            {
                A = agent, T = tenant, B = bucket, s.Offered, s.Missed, s.Rejected, s.Answered, s.Transfers, s.Talk, s.Hold, s.WrapUp,
            });
            for (var i = 0; i < Bands; i++)
                p.Add(BandColumns[i], s.Band[i]);
            await c.ExecuteAsync(new CommandDefinition(sql, p, tx, cancellationToken: ct));
        }
    }

    private sealed record Change(long At, string State, string? Reason, string TenantIds);

    /// <summary>Stores a state change (agent, instant, state) unless already stored, and moves the closed state time: the change
    /// before it now ends at it, and it lasts until the change after it (if any; otherwise it is the agent's open state).
    /// Changes of one agent are written one at a time (a transaction lock per agent on PostgreSQL; SQLite has one writer).</summary>
    public async Task<bool> RecordStateChangeAsync(DbConnection c, DbTransaction tx, string agentId, long at, string state, string? reason,
        string tenantIds, CancellationToken ct)
    {
        if (Postgres)
            await c.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended(@AgentId, 13))", new { AgentId = agentId }, tx,
                cancellationToken: ct));
        var p = new { AgentId = agentId, ChangedAt = at, State = state, TenantIds = tenantIds, Reason = reason };
        var inserted = await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO agent_state_change (agent_id, changed_at, state, tenant_ids, reason)
                 VALUES (@AgentId, @ChangedAt, @State, @TenantIds, @Reason)
            ON CONFLICT (agent_id, changed_at, state) DO NOTHING
            """, p, tx, cancellationToken: ct));
        if (inserted == 0)
            return false;
        // Same instant: ordered by state, byte by byte (as the counter orders them).
        var collate = Postgres ? " COLLATE \"C\"" : "";
        var previous = await c.QuerySingleOrDefaultAsync<Change>(new CommandDefinition($"""
            SELECT changed_at AS At, state AS State, reason AS Reason, tenant_ids AS TenantIds
              FROM agent_state_change
             WHERE agent_id = @AgentId AND (changed_at < @ChangedAt OR (changed_at = @ChangedAt AND state{collate} < @State{collate}))
             ORDER BY changed_at DESC, state{collate} DESC
             LIMIT 1
            """, p, tx, cancellationToken: ct));
        var next = await c.QuerySingleOrDefaultAsync<Change>(new CommandDefinition($"""
            SELECT changed_at AS At, state AS State, reason AS Reason, tenant_ids AS TenantIds
              FROM agent_state_change
             WHERE agent_id = @AgentId AND (changed_at > @ChangedAt OR (changed_at = @ChangedAt AND state{collate} > @State{collate}))
             ORDER BY changed_at, state{collate}
             LIMIT 1
            """, p, tx, cancellationToken: ct));

        var time = new Dictionary<(long Bucket, string TenantIds), long[]>();
        var notReady = new Dictionary<(long Bucket, string TenantIds, string Reason), long>();
        void Span(Change from, long to, int sign)
        {
            if (from.State == LoggedOut || to <= from.At)
                return;
            var staffed = OccupancyCounter.StaffedStates.Contains(from.State);
            var busy = OccupancyCounter.BusyStates.Contains(from.State);
            for (var bucket = CallBucketVersions.BucketOf(from.At); bucket * CallBucketVersions.BucketMilliseconds < to; bucket++)
            {
                var ms = sign * (Math.Min(to, (bucket + 1) * CallBucketVersions.BucketMilliseconds) -
                                 Math.Max(from.At, bucket * CallBucketVersions.BucketMilliseconds));
                var sums = time.TryGetValue((bucket, from.TenantIds), out var s) ? s : time[(bucket, from.TenantIds)] = new long[3];
                sums[0] += ms;
                if (staffed) sums[1] += ms;
                if (busy) sums[2] += ms;
                if (from.State == NotReady)
                {
                    var key = (bucket, from.TenantIds, string.IsNullOrEmpty(from.Reason) ? Unspecified : from.Reason);
                    notReady[key] = notReady.GetValueOrDefault(key) + ms;
                }
            }
        }
        var added = new Change(at, state, reason, tenantIds);
        if (previous is not null)
        {
            if (next is not null)
                Span(previous, next.At, -1);
            Span(previous, at, +1);
        }
        if (next is not null)
            Span(added, next.At, +1);
        else
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO agent_last_state (agent_id, changed_at, state, reason, tenant_ids)
                     VALUES (@AgentId, @ChangedAt, @State, @Reason, @TenantIds)
                ON CONFLICT (agent_id) DO UPDATE
                        SET changed_at = excluded.changed_at, state = excluded.state, reason = excluded.reason, tenant_ids = excluded.tenant_ids
                """, p, tx, cancellationToken: ct));

        var hours = new Dictionary<(long Bucket, string TenantIds), long[]>();
        foreach (var ((bucket, tenants), s) in time)
        {
            var h = hours.TryGetValue((HourOf(bucket), tenants), out var x) ? x : hours[(HourOf(bucket), tenants)] = new long[3];
            for (var i = 0; i < 3; i++)
                h[i] += s[i];
        }
        Task UpsertStateAsync(string table, Dictionary<(long Bucket, string TenantIds), long[]> rows) =>
            c.ExecuteAsync(new CommandDefinition($"""
                INSERT INTO {table} (agent_id, tenant_ids, bucket, logged_in_ms, staffed_ms, busy_ms)
                     VALUES (@AgentId, @TenantIds, @Bucket, @LoggedIn, @Staffed, @Busy)
                ON CONFLICT (bucket, agent_id, tenant_ids) DO UPDATE
                        SET logged_in_ms = {table}.logged_in_ms + excluded.logged_in_ms, staffed_ms = {table}.staffed_ms + excluded.staffed_ms,
                            busy_ms = {table}.busy_ms + excluded.busy_ms
                """, rows.OrderBy(r => r.Key.Bucket).ThenBy(r => r.Key.TenantIds, StringComparer.Ordinal).Select(r => new
            {
                AgentId = agentId, r.Key.TenantIds, r.Key.Bucket, LoggedIn = r.Value[0], Staffed = r.Value[1], Busy = r.Value[2],
            }), tx, cancellationToken: ct));
        await UpsertStateAsync("agent_bucket_state", time);
        await UpsertStateAsync("agent_hour_state", hours);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO agent_bucket_not_ready (agent_id, tenant_ids, bucket, reason, ms)
                 VALUES (@AgentId, @TenantIds, @Bucket, @Reason, @Ms)
            ON CONFLICT (bucket, agent_id, tenant_ids, reason) DO UPDATE SET ms = agent_bucket_not_ready.ms + excluded.ms
            """, notReady.OrderBy(r => r.Key.Bucket).ThenBy(r => r.Key.TenantIds, StringComparer.Ordinal).ThenBy(r => r.Key.Reason, StringComparer.Ordinal)
            .Select(r => new { AgentId = agentId, r.Key.TenantIds, r.Key.Bucket, r.Key.Reason, Ms = r.Value }), tx, cancellationToken: ct));
        var calendar = await DayCalendarAsync(c, tx, ct);
        if (time.Count > 0)
            await AgentPackedDays.MoveBackAsync(c, tx, time.Keys.Min(k => k.Bucket), ct);
        if (calendar is not null)
        {
            var days = new Dictionary<(long Bucket, string TenantIds), long[]>();
            foreach (var ((bucket, tenants), s) in time)
            {
                var d = days.TryGetValue((DayOf(calendar, bucket), tenants), out var x) ? x : days[(DayOf(calendar, bucket), tenants)] = new long[3];
                for (var i = 0; i < 3; i++)
                    d[i] += s[i];
            }
            await UpsertStateAsync("agent_day_state", days);
        }
        return true;
    }
}
