using System.Buffers.Binary;
using System.Data.Common;
using CallCentre.Hosting.Data;
using CallCentre.SlaTracking.Reports;
using Dapper;

namespace CallCentre.SlaTracking.Data;

/// <summary>The 15-minute sums of whole UTC days before <c>agent_packed_through</c>, a row per agent, tenant (list) and day (migration
/// 019): the day's non-empty buckets in order, each its offset in the day then its sums, little-endian.</summary>
internal static class AgentPackedDays
{
    public const int BucketsPerDay = 96;
    public const int CallCell = 1 + 5 * 4 + 3 * 8, StateCell = 1 + 3 * 8;
    private const int Batch = 2000;

    public static long DayOf(long bucket) => bucket - (bucket % BucketsPerDay + BucketsPerDay) % BucketsPerDay;

    public static Task<long?> ThroughAsync(DbConnection c, DbTransaction? tx, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<long?>(new CommandDefinition("SELECT day FROM agent_packed_through", transaction: tx, cancellationToken: ct));

    public static Task MoveBackAsync(DbConnection c, DbTransaction tx, long bucket, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition("UPDATE agent_packed_through SET day = @Day WHERE day > @Day", new { Day = DayOf(bucket) }, tx,
            cancellationToken: ct));

    /// <summary>Packs at most <paramref name="days"/> days from the first not packed (or stored) up to <paramref name="untilDay"/>.</summary>
    public static async Task<bool> PackAsync(DbConnection c, DbTransaction tx, bool postgres, long untilDay, int days, CancellationToken ct)
    {
        var first = await ThroughAsync(c, tx, ct) ?? await c.QuerySingleAsync<long?>(new CommandDefinition("""
            SELECT min(b) FROM (SELECT min(bucket) AS b FROM agent_bucket_calls UNION ALL SELECT min(bucket) FROM agent_bucket_state) x
            """, transaction: tx, cancellationToken: ct));
        var from = first is { } f ? DayOf(f) : untilDay;
        if (from >= untilDay)
        {
            if (first is null)
                await c.ExecuteAsync(new CommandDefinition("INSERT INTO agent_packed_through (day) VALUES (@Day)", new { Day = untilDay }, tx,
                    cancellationToken: ct));
            return false;
        }
        var to = Math.Min(untilDay, from + (long)days * BucketsPerDay);
        var p = new { From = from, To = to };
        await c.ExecuteAsync(new CommandDefinition("""
            DELETE FROM agent_packed_calls WHERE day >= @From AND day < @To;
            DELETE FROM agent_packed_state WHERE day >= @From AND day < @To;
            """, p, tx, cancellationToken: ct));
        await PackTableAsync(c, tx, postgres, p, "agent_packed_calls", "tenant_id", """
            SELECT agent_id, tenant_id, bucket, offered, missed, rejected, answered, transfers, talk_seconds, hold_seconds, wrap_up_seconds
              FROM agent_bucket_calls WHERE bucket >= @From AND bucket < @To ORDER BY agent_id, tenant_id, bucket
            """, CallCell, (r, cell) =>
            {
                for (var i = 0; i < 5; i++)
                    BinaryPrimitives.WriteInt32LittleEndian(cell[(1 + 4 * i)..], r.GetInt32(3 + i));
                for (var i = 0; i < 3; i++)
                    BinaryPrimitives.WriteDoubleLittleEndian(cell[(21 + 8 * i)..], r.GetDouble(8 + i));
            }, ct);
        await PackTableAsync(c, tx, postgres, p, "agent_packed_state", "tenant_ids", """
            SELECT agent_id, tenant_ids, bucket, logged_in_ms, staffed_ms, busy_ms
              FROM agent_bucket_state WHERE bucket >= @From AND bucket < @To ORDER BY agent_id, tenant_ids, bucket
            """, StateCell, (r, cell) =>
            {
                for (var i = 0; i < 3; i++)
                    BinaryPrimitives.WriteInt64LittleEndian(cell[(1 + 8 * i)..], r.GetInt64(3 + i));
            }, ct);
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM agent_packed_through; INSERT INTO agent_packed_through (day) VALUES (@To)", p, tx,
            cancellationToken: ct));
        return true;
    }

    private delegate void CellWriter(DbDataReader r, Span<byte> cell);

    private static async Task PackTableAsync(DbConnection c, DbTransaction tx, bool postgres, object range, string table, string tenantColumn,
        string sql, int cellSize, CellWriter write, CancellationToken ct)
    {
        var rows = new List<(string Agent, string Tenants, long Day, byte[] Cells)>();
        var buffer = new byte[cellSize * BucketsPerDay];
        var used = 0;
        (string Agent, string Tenants, long Day) key = ("", "", 0);
        void Flush()
        {
            if (used > 0)
                rows.Add((key.Agent, key.Tenants, key.Day, buffer.AsSpan(0, used).ToArray()));
            used = 0;
        }
        await using (var r = await c.ExecuteReaderAsync(new CommandDefinition(sql, range, tx, cancellationToken: ct)))
            while (await r.ReadAsync(ct))
            {
                var bucket = r.GetInt64(2);
                var day = DayOf(bucket);
                var agent = r.GetString(0);
                var tenants = r.GetString(1);
                if (used == 0 || day != key.Day || agent != key.Agent || tenants != key.Tenants)
                {
                    Flush();
                    key = (agent, tenants, day);
                }
                var cell = buffer.AsSpan(used, cellSize);
                cell[0] = (byte)(bucket - day);
                write(r, cell);
                used += cellSize;
            }
        Flush();
        var columns = $"agent_id, {tenantColumn}, day, cells";
        for (var start = 0; start < rows.Count; start += Batch)
        {
            var batch = rows.Skip(start).Take(Batch).ToList();
            if (postgres)
                await c.ExecuteAsync(new CommandDefinition($"""
                    INSERT INTO {table} ({columns})
                    SELECT * FROM unnest(@A::text[], @T::text[], @D::bigint[], @C::bytea[])
                    """, new
                {
                    A = batch.Select(b => b.Agent).ToArray(), T = batch.Select(b => b.Tenants).ToArray(), D = batch.Select(b => b.Day).ToArray(),
                    C = batch.Select(b => b.Cells).ToArray(),
                }, tx, cancellationToken: ct));
            else
                await c.ExecuteAsync(new CommandDefinition($"INSERT INTO {table} ({columns}) VALUES (@A, @T, @D, @C)",
                    batch.Select(b => new { A = b.Agent, T = b.Tenants, D = b.Day, C = b.Cells }), tx, cancellationToken: ct));
        }
    }

    public static void ReadCalls(string agent, long day, ReadOnlySpan<byte> cells, long first, long end, AgentPerformanceCounter.Sums sums)
    {
        for (var at = 0; at + CallCell <= cells.Length; at += CallCell)
        {
            var cell = cells.Slice(at, CallCell);
            var bucket = day + cell[0];
            if (bucket < first || bucket >= end)
                continue;
            int offered = BinaryPrimitives.ReadInt32LittleEndian(cell[1..]), missed = BinaryPrimitives.ReadInt32LittleEndian(cell[5..]),
                rejected = BinaryPrimitives.ReadInt32LittleEndian(cell[9..]), answered = BinaryPrimitives.ReadInt32LittleEndian(cell[13..]);
            if (offered != 0 || missed != 0 || rejected != 0)
                sums.AddOffers(agent, bucket, offered, missed, rejected);
            if (answered != 0)
                sums.AddLegs(agent, bucket, answered, BinaryPrimitives.ReadInt32LittleEndian(cell[17..]), BinaryPrimitives.ReadDoubleLittleEndian(cell[21..]),
                    BinaryPrimitives.ReadDoubleLittleEndian(cell[29..]), BinaryPrimitives.ReadDoubleLittleEndian(cell[37..]));
        }
    }

    public static void ReadState(string agent, long day, ReadOnlySpan<byte> cells, long first, long end, AgentPerformanceCounter.Sums sums)
    {
        for (var at = 0; at + StateCell <= cells.Length; at += StateCell)
        {
            var cell = cells.Slice(at, StateCell);
            var bucket = day + cell[0];
            if (bucket >= first && bucket < end && BinaryPrimitives.ReadInt64LittleEndian(cell[1..]) is var loggedIn and not 0)
                sums.AddStateTime(agent, bucket, loggedIn / 1000.0, BinaryPrimitives.ReadInt64LittleEndian(cell[9..]) / 1000.0,
                    BinaryPrimitives.ReadInt64LittleEndian(cell[17..]) / 1000.0);
        }
    }
}
