using System.Diagnostics;
using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Data;
using CallCentre.SlaTracking;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Data;
using CallCentre.SlaTracking.Reports;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using Npgsql;
using NpgsqlTypes;

namespace CallCentre.Benchmarks;

/// <summary>The agent performance report (docs/reporting.md) over a month of a large centre on PostgreSQL: 1,000 agents serving
/// three tenants, 100 answered legs per agent and day in November 2026 (3 M legs), an offer per leg (one in ten declined or
/// missed first), and the state changes each call makes (Reserved, OnCall, AfterCallWork, Available: 12 M), loaded with binary
/// COPY before migration 013 adds them up and <see cref="AgentDayZoneKeeper"/> cuts the day sums. Times the whole month's report per
/// day and per month (median of 3 runs after a warm-up), per 30 and 15-minute interval (one run), and the reading of the sums alone.</summary>
internal static class AgentReportBench
{
    private static readonly string[] Tenants = ["lumiere-bank", "mosane-insurance", "helvet-telecom"];

    public static async Task RunAsync(string[] args)
    {
        var agents = args.Length > 0 && int.TryParse(args[0], out var a) ? a : 1000;
        var legsPerDay = args.Length > 1 && int.TryParse(args[1], out var l) ? l : 100;
        var server = Environment.GetEnvironmentVariable("CALLCENTRE_TEST_POSTGRES")
            ?? throw new InvalidOperationException("CALLCENTRE_TEST_POSTGRES is not set (e.g. \"Host=127.0.0.1;Port=25432;Username=postgres;Password=postgres\").");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {SlaBench.LoadAverage()}");
        // --keep: the loaded database stays (named after the size) and a later run with the same size reuses it.
        var keep = args.Contains("--keep");
        // --dump DIR: each report's rows and distribution as JSON, to compare two versions of the code.
        var dump = args.SkipWhile(x => x != "--dump").Skip(1).FirstOrDefault();
        var name = keep ? $"agentbench_{agents}x{legsPerDay}" : "agentbench_" + Guid.NewGuid().ToString("N")[..8];
        var database = new ModuleDatabase<SlaTrackingModule>("SlaTracking", DatabaseProvider.Postgres,
            new NpgsqlConnectionStringBuilder(server) { Database = name, CommandTimeout = 3600 }.ConnectionString, TransientDatabaseErrors.CreatePipeline(2));
        var store = new AgentReportStore(database);
        try
        {
            if (keep && await LoadedAsync(server, name))
                Console.WriteLine($"agent report: reusing {name}");
            else
                await PrepareAsync(server, name, database, store, agents, legsPerDay);
            // A kept database made by older code gets the later migrations, and its closed days packed, as a deployment would.
            await new MigrationRunner(NullLogger<MigrationRunner>.Instance).ApplyAsync(new ModuleMigrations(database, typeof(SlaTrackingModule).Assembly));
            var pack = Stopwatch.StartNew();
            var packedDays = await store.PackClosedDaysAsync(DateTimeOffset.UtcNow, default);
            await using (var c = new NpgsqlConnection(database.ConnectionString))
            {
                await c.OpenAsync();
                await using var analyze = new NpgsqlCommand("ANALYZE agent_packed_calls; ANALYZE agent_packed_state", c);
                await analyze.ExecuteNonQueryAsync();
            }
            Console.WriteLine($"agent report: AgentDayZoneKeeper packed {packedDays} UTC days of 15-minute sums in {pack.Elapsed.TotalSeconds:F1} s");

            var centre = new CentreDefinition(Tenants.Select(t => new TenantDefinition(t, t, "Europe/Paris", "fr")).ToList(), [],
                Enumerable.Range(1, agents).Select(i => new AgentDefinition(Agent(i), $"Agent {i}", new Dictionary<string, int>())).ToList());
            var builder = new AgentReportBuilder(store, centre, new CentreTimeZone(TimeZoneInfo.FindSystemTimeZoneById("Africa/Casablanca")),
                TimeProvider.System);
            LocalDate from = new(2026, 11, 1), to = new(2026, 11, 30);
            // Intervals over a month are slow: timed once after the warm-up.
            foreach (var (granularity, minutes, runs) in new[] { (Granularity.Day, 30, 4), (Granularity.Month, 30, 4), (Granularity.Interval, 30, 2),
                         (Granularity.Interval, 15, 2) })
            {
                var times = new List<double>();
                AgentPerformanceReport? report = null;
                var cpu = new CpuMeter(Environment.ProcessId, name, 0);
                for (var run = 0; run < runs; run++)
                {
                    // Each run starts from a collected heap, as a server that no longer holds the previous report.
                    report = null;
                    GC.Collect();
                    if (run == 1)
                        cpu.Start();
                    var sw = Stopwatch.StartNew();
                    report = await builder.BuildAsync(Tenants, from, to, granularity, minutes, default);
                    if (run > 0)
                        times.Add(sw.Elapsed.TotalSeconds);
                }
                cpu.Stop();
                var (benchCpu, postgresCpu, _) = cpu.Elapsed();
                times.Sort();
                var centreTotal = report!.Rows.Single(r => r.IsCentre && r.Period == AgentPerformanceReport.Total);
                var label = granularity == Granularity.Interval ? $"{minutes}-minute interval" : granularity.ToString().ToLowerInvariant();
                if (dump is not null)
                    await File.WriteAllTextAsync(Path.Combine(dump, label.Replace(' ', '-') + ".json"),
                        JsonSerializer.Serialize(new { report.Rows, report.HandleTimeDistribution }));
                Console.WriteLine($"agent report: {label}, {report.Rows.Count:N0} rows, " +
                                  $"{centreTotal.Answered:N0} legs: median {times[times.Count / 2]:F2} s (min {times[0]:F2}, max {times[^1]:F2}, " +
                                  $"{times.Count} runs after one warm-up); CPU per report {benchCpu / times.Count:F2} s here + " +
                                  $"{postgresCpu / times.Count:F2} s PostgreSQL; load average {SlaBench.LoadAverage()}");
            }
            var calendar = new ReportingCalendar("Africa/Casablanca");
            var (start, end) = calendar.Range(from, to);
            foreach (var (granularity, minutes) in new[] { (Granularity.Day, 30), (Granularity.Month, 30), (Granularity.Interval, 30), (Granularity.Interval, 15) })
            {
                var periods = calendar.Periods(start, end, granularity, minutes).ToList();
                GC.Collect();
                var (sw, cpu, allocated) = (Stopwatch.StartNew(), Process.GetCurrentProcess().TotalProcessorTime, GC.GetTotalAllocatedBytes());
                var sums = await store.SumsAsync(Tenants, periods, default, granularity == Granularity.Interval ? null : calendar.Zone.Id, calendar.Zone.Id);
                var label = granularity == Granularity.Interval ? $"{minutes}-minute interval" : granularity.ToString().ToLowerInvariant();
                Console.WriteLine($"agent report: reading the sums (adding them up per agent and period as read) per {label}: {sw.Elapsed.TotalSeconds:F2} s " +
                                  $"(CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F2} s here, " +
                                  $"{(GC.GetTotalAllocatedBytes() - allocated) / 1e6:F0} MB allocated)");
                (sw, cpu, allocated) = (Stopwatch.StartNew(), Process.GetCurrentProcess().TotalProcessorTime, GC.GetTotalAllocatedBytes());
                var gen2 = GC.CollectionCount(2);
                AgentPerformanceCounter.Count(sums.Sums, sums.NotReady, sums.OpenStates, new Dictionary<string, string>(), end);
                Console.WriteLine($"agent report: the rest of counting per {label}: {sw.Elapsed.TotalSeconds:F2} s " +
                                  $"(CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F2} s, " +
                                  $"{(GC.GetTotalAllocatedBytes() - allocated) / 1e6:F0} MB allocated, {GC.CollectionCount(2) - gen2} gen 2 collections)");
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            if (keep)
                Console.WriteLine($"agent report: {name} kept");
            else
            {
                await using var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
                await c.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", c);
                await drop.ExecuteNonQueryAsync();
            }
        }
    }

    private static async Task<bool> LoadedAsync(string server, string name)
    {
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @n", admin);
        exists.Parameters.AddWithValue("n", name);
        if ((long)(await exists.ExecuteScalarAsync())! == 0)
            return false;
        await using var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false }.ConnectionString);
        await c.OpenAsync();
        // The serial setting is the preparation's last step: without it the load was cut short.
        await using var done = new NpgsqlCommand("SELECT count(*) FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = @n", c);
        done.Parameters.AddWithValue("n", name);
        if ((long)(await done.ExecuteScalarAsync())! > 0)
            return true;
        await using var drop = new NpgsqlCommand($"DROP DATABASE \"{name}\" WITH (FORCE)", admin);
        await c.CloseAsync();
        await drop.ExecuteNonQueryAsync();
        return false;
    }

    private static async Task PrepareAsync(string server, string name, ModuleDatabase<SlaTrackingModule> database, AgentReportStore store, int agents,
        int legsPerDay)
    {
        // The rows are loaded before migration 013, which then adds them up per bucket as it does for an existing deployment.
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        const string folder = "migrations/postgres/";
        var heldBack = typeof(SlaTrackingModule).Assembly.GetManifestResourceNames().Where(n => n.StartsWith(folder, StringComparison.Ordinal))
            .Select(n => n[folder.Length..]).Where(n => string.CompareOrdinal(n, "013_agent_buckets.sql") >= 0).ToList();
        await using (var c = new NpgsqlConnection(database.ConnectionString))
        {
            await c.OpenAsync();
            await using var mark = new NpgsqlCommand("CREATE TABLE schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL); " +
                string.Concat(heldBack.Select(h => $"INSERT INTO schema_migrations VALUES ('{h}', 'held back'); ")), c);
            await mark.ExecuteNonQueryAsync();
        }
        var migrations = new MigrationRunner(NullLogger<MigrationRunner>.Instance);
        await migrations.ApplyAsync(new ModuleMigrations(database, typeof(SlaTrackingModule).Assembly));
        var load = Stopwatch.StartNew();
        var (legs, offers, states) = await LoadAsync(database.ConnectionString, agents, legsPerDay);
        Console.WriteLine($"agent report: loaded {legs:N0} legs, {offers:N0} offers, {states:N0} state changes in {load.Elapsed.TotalSeconds:F0} s " +
                          "(COPY, indexes, vacuum analyze)");
        var backfill = Stopwatch.StartNew();
        await using (var c = new NpgsqlConnection(database.ConnectionString))
        {
            await c.OpenAsync();
            await using var release = new NpgsqlCommand("DELETE FROM schema_migrations WHERE applied_at = 'held back'", c);
            await release.ExecuteNonQueryAsync();
        }
        await migrations.ApplyAsync(new ModuleMigrations(database, typeof(SlaTrackingModule).Assembly));
        await using (var c = new NpgsqlConnection(database.ConnectionString))
        {
            await c.OpenAsync();
            await using var vacuum = new NpgsqlCommand("VACUUM ANALYZE", c) { CommandTimeout = 3600 };
            await vacuum.ExecuteNonQueryAsync();
        }
        Console.WriteLine($"agent report: migrations 013 and 018 added them up per agent and bucket in {backfill.Elapsed.TotalSeconds:F0} s");
        var cut = Stopwatch.StartNew();
        await store.UseDayZoneAsync("Africa/Casablanca", default);
        await using (var c = new NpgsqlConnection(database.ConnectionString))
        {
            await c.OpenAsync();
            await using var analyze = new NpgsqlCommand("ANALYZE agent_day_calls; ANALYZE agent_day_state", c) { CommandTimeout = 3600 };
            await analyze.ExecuteNonQueryAsync();
        }
        Console.WriteLine($"agent report: AgentDayZoneKeeper cut the day sums in Africa/Casablanca in {cut.Elapsed.TotalSeconds:F1} s");
        // Serial plans: the CPU meter sees the backend's time only (parallel workers end before it samples them).
        await using (var c = new NpgsqlConnection(database.ConnectionString))
        {
            await c.OpenAsync();
            await using var serial = new NpgsqlCommand($"ALTER DATABASE \"{name}\" SET max_parallel_workers_per_gather = 0", c);
            await serial.ExecuteNonQueryAsync();
        }
        NpgsqlConnection.ClearAllPools();
    }

    private static string Agent(int i) => $"agent{i:0000}";

    private static async Task<(long Legs, long Offers, long States)> LoadAsync(string connectionString, int agents, int legsPerDay)
    {
        await using (var c = new NpgsqlConnection(connectionString))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand("""
                ALTER TABLE call_leg DROP CONSTRAINT call_leg_pkey;
                DROP INDEX ix_call_leg_tenant_time; DROP INDEX ix_call_leg_queued_at; DROP INDEX ix_call_leg_answered_at;
                ALTER TABLE agent_offer DROP CONSTRAINT agent_offer_pkey; DROP INDEX ix_agent_offer_time;
                ALTER TABLE agent_state_change DROP CONSTRAINT agent_state_change_pkey; DROP INDEX ix_agent_state_change_time;
                """, c);
            await cmd.ExecuteNonQueryAsync();
        }
        const int streams = 2;
        var counts = await Task.WhenAll(Enumerable.Range(0, streams).Select(s => Task.Run(() =>
            Copy(connectionString, Enumerable.Range(1, agents).Where(i => i % streams == s).ToList(), legsPerDay))));
        await using (var c = new NpgsqlConnection(connectionString))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand("""
                SET maintenance_work_mem = '512MB';
                ALTER TABLE call_leg ADD PRIMARY KEY (call_id, ended_at);
                CREATE INDEX ix_call_leg_tenant_time ON call_leg (tenant_id, queued_at);
                CREATE INDEX ix_call_leg_queued_at ON call_leg (queued_at);
                CREATE INDEX ix_call_leg_answered_at ON call_leg (answered_at, agent_id);
                ALTER TABLE agent_offer ADD PRIMARY KEY (call_id, offered_at);
                CREATE INDEX ix_agent_offer_time ON agent_offer (offered_at);
                ALTER TABLE agent_state_change ADD PRIMARY KEY (agent_id, changed_at, state);
                CREATE INDEX ix_agent_state_change_time ON agent_state_change (changed_at);
                """, c) { CommandTimeout = 3600 };
            await cmd.ExecuteNonQueryAsync();
            await using var vacuum = new NpgsqlCommand("VACUUM ANALYZE", c) { CommandTimeout = 3600 };
            await vacuum.ExecuteNonQueryAsync();
        }
        return (counts.Sum(x => x.Legs), counts.Sum(x => x.Offers), counts.Sum(x => x.States));
    }

    /// <summary>Each agent's day from 08:00 UTC: a call every 5 minutes on average (5 s ringing, 60–300 s talk, up to 30 s hold,
    /// 5–40 s after-call work), a 15-minute break at 12:00, logged out after the last call.</summary>
    private static (long Legs, long Offers, long States) Copy(string connectionString, IReadOnlyList<int> agents, int legsPerDay)
    {
        var random = new Random(agents.Count > 0 ? agents[0] : 0);
        using var legC = new NpgsqlConnection(connectionString);
        using var offerC = new NpgsqlConnection(connectionString);
        using var stateC = new NpgsqlConnection(connectionString);
        legC.Open(); offerC.Open(); stateC.Open();
        using var legs = legC.BeginBinaryImport("""
            COPY call_leg (call_id, ended_at, tenant_id, queue_id, agent_id, queued_at, answered_at, ended_by,
                           talk_seconds, hold_seconds, wrap_up_seconds, disposition) FROM STDIN (FORMAT BINARY)
            """);
        using var offers = offerC.BeginBinaryImport(
            "COPY agent_offer (call_id, offered_at, agent_id, tenant_id, queue_id, returned_at, return_reason) FROM STDIN (FORMAT BINARY)");
        using var states = stateC.BeginBinaryImport(
            "COPY agent_state_change (agent_id, changed_at, state, tenant_ids, reason) FROM STDIN (FORMAT BINARY)");
        var tenantList = "," + string.Join(",", Tenants) + ",";
        long legCount = 0, offerCount = 0, stateCount = 0;
        void State(string agent, long at, string state, string? reason = null)
        {
            states.StartRow();
            states.Write(agent, NpgsqlDbType.Text); states.Write(at, NpgsqlDbType.Bigint); states.Write(state, NpgsqlDbType.Text);
            states.Write(tenantList, NpgsqlDbType.Text);
            if (reason is null) states.WriteNull(); else states.Write(reason, NpgsqlDbType.Text);
            stateCount++;
        }
        void Offer(string call, long at, string agent, string tenant, long? returned, string? reason)
        {
            offers.StartRow();
            offers.Write(call, NpgsqlDbType.Text); offers.Write(at, NpgsqlDbType.Bigint); offers.Write(agent, NpgsqlDbType.Text);
            offers.Write(tenant, NpgsqlDbType.Text); offers.Write(tenant + "-q", NpgsqlDbType.Text);
            if (returned is { } r) offers.Write(r, NpgsqlDbType.Bigint); else offers.WriteNull();
            if (reason is null) offers.WriteNull(); else offers.Write(reason, NpgsqlDbType.Text);
            offerCount++;
        }
        foreach (var i in agents)
        {
            var agent = Agent(i);
            for (var day = 0; day < 30; day++)
            {
                var t = new DateTimeOffset(2026, 11, 1 + day, 8, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
                State(agent, t, "Available");
                var breakTaken = false;
                for (var k = 0; k < legsPerDay; k++)
                {
                    t += random.Next(0, 90_000);
                    var call = Guid.NewGuid().ToString();
                    var tenant = Tenants[random.Next(Tenants.Length)];
                    var queued = t - random.Next(0, 60_000);
                    if (random.Next(10) == 0)
                    {
                        State(agent, t, "Reserved");
                        var declined = random.Next(2) == 0;
                        var back = t + (declined ? 4_000 : 15_000);
                        Offer(call, t, agent, tenant, back, declined ? OfferReturn.Rejected : OfferReturn.Missed);
                        State(agent, back, "Available");
                        t = back + 1_000;
                    }
                    State(agent, t, "Reserved");
                    Offer(call, t, agent, tenant, null, null);
                    var answered = t + 5_000;
                    State(agent, answered, "OnCall");
                    var talk = random.Next(60_000, 300_000) / 1000.0;
                    var hold = random.Next(4) == 0 ? random.Next(0, 30_000) / 1000.0 : 0;
                    var wrap = random.Next(5_000, 40_000) / 1000.0;
                    var ended = answered + (long)((talk + hold) * 1000);
                    State(agent, ended, "AfterCallWork");
                    var available = ended + (long)(wrap * 1000);
                    State(agent, available, "Available");
                    legs.StartRow();
                    legs.Write(call, NpgsqlDbType.Text); legs.Write(ended, NpgsqlDbType.Bigint); legs.Write(tenant, NpgsqlDbType.Text);
                    legs.Write(tenant + "-q", NpgsqlDbType.Text); legs.Write(agent, NpgsqlDbType.Text); legs.Write(queued, NpgsqlDbType.Bigint);
                    legs.Write(answered, NpgsqlDbType.Bigint);
                    legs.Write(random.Next(20) == 0 ? CallLegEnd.Transferred : CallLegEnd.Completed, NpgsqlDbType.Text);
                    legs.Write(talk, NpgsqlDbType.Double); legs.Write(hold, NpgsqlDbType.Double); legs.Write(wrap, NpgsqlDbType.Double);
                    legs.WriteNull();
                    legCount++;
                    t = available;
                    if (!breakTaken && t >= new DateTimeOffset(2026, 11, 1 + day, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds())
                    {
                        State(agent, t, "NotReady", "break");
                        t += 15 * 60_000;
                        State(agent, t, "Available");
                        breakTaken = true;
                    }
                }
                State(agent, t + 1_000, "LoggedOut");
            }
        }
        legs.Complete(); offers.Complete(); states.Complete();
        return (legCount, offerCount, stateCount);
    }
}
