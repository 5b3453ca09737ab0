using System.Diagnostics;
using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Data;
using CallCentre.SlaTracking;
using CallCentre.SlaTracking.Consumers;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Data;
using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using Npgsql;
using NpgsqlTypes;

namespace CallCentre.Benchmarks;

/// <summary>The SlaTracking benchmarks of docs/sla.md, printed, not asserted:
/// <c>sla report [records]</c>: bulk-loads one tenant's month of call records (10 M by default) into a fresh PostgreSQL
/// database and times the monthly report (median of several runs); <c>sla ingest [events]</c>: publishes call events
/// (200,000 by default) over RabbitMQ with many publishes in flight to a Host process running SlaTracking on PostgreSQL,
/// and times them until all are in the database, then the same events through a plain RabbitMQ.Client publisher and consumer
/// (<see cref="SlaBaselineBench"/>); <c>sla</c>: both. Needs CALLCENTRE_TEST_POSTGRES and (ingest)
/// CALLCENTRE_TEST_RABBITMQ, and (ingest) services/Host built in Release.</summary>
public static class SlaBench
{
    private const string Tenant = "lumiere-bank";
    private static readonly string[] Queues = ["lumiere-banking-fr", "lumiere-banking-ar", "lumiere-cards-fr"];
    private const string AnswerQueue = "lumiere-cards-fr";

    public static void Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task RunAsync(string[] args)
    {
        var mode = args.FirstOrDefault() ?? "all";
        var count = args.Length > 1 && long.TryParse(args[1], out var n) ? n : (long?)null;
        var server = Environment.GetEnvironmentVariable("CALLCENTRE_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server))
            throw new InvalidOperationException("CALLCENTRE_TEST_POSTGRES is not set (e.g. \"Host=127.0.0.1;Port=25432;Username=postgres;Password=postgres\").");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}");
        if (mode is "report" or "all")
            await ReportAsync(server, count ?? 10_000_000);
        if (mode is "ingest" or "all")
        {
            var rabbit = Environment.GetEnvironmentVariable("CALLCENTRE_TEST_RABBITMQ");
            if (string.IsNullOrWhiteSpace(rabbit))
                throw new InvalidOperationException("CALLCENTRE_TEST_RABBITMQ is not set (e.g. \"amqp://guest:guest@127.0.0.1:25672/\").");
            await IngestAsync(server, rabbit, (int)(count ?? 200_000));
        }
        if (mode is not ("report" or "ingest" or "all"))
            throw new ArgumentException($"Unknown sla mode '{mode}': report, ingest or all.");
    }

    // ---- (a) the monthly report over a month of one tenant ---------------------------------------------------------

    private static async Task ReportAsync(string server, long records)
    {
        var name = "slabench_report_" + Guid.NewGuid().ToString("N")[..8];
        var database = await CreateDatabaseAsync(server, name);
        try
        {
            var zone = DateTimeZoneProviders.Tzdb["Europe/Paris"];
            var from = zone.AtStartOfDay(new LocalDate(2026, 11, 1)).ToDateTimeOffset();
            var to = zone.AtStartOfDay(new LocalDate(2026, 12, 1)).ToDateTimeOffset();
            Console.WriteLine($"report: loading {records:N0} call records of {Tenant} for November 2026 into {name} (COPY, binary) ...");
            var load = Stopwatch.StartNew();
            await using (var c = new NpgsqlConnection(database.ConnectionString))
            {
                await c.OpenAsync();
                // Load without the indexes, then build them as the migrations define them (same final schema).
                await Exec(c, """
                    ALTER TABLE call_record DROP CONSTRAINT call_record_pkey;
                    DROP INDEX ix_call_record_tenant_queue_time; DROP INDEX ix_call_record_tenant_time; DROP INDEX ix_call_record_queued_at;
                    ALTER TABLE call_leg DROP CONSTRAINT call_leg_pkey;
                    DROP INDEX ix_call_leg_tenant_time; DROP INDEX ix_call_leg_queued_at;
                    """);
            }
            const int streams = 2;
            await Task.WhenAll(Enumerable.Range(0, streams).Select(s => Task.Run(() =>
                Copy(database.ConnectionString, s, records / streams + (s < records % streams ? 1 : 0), from, to))));
            var copied = load.Elapsed;
            await using (var c = new NpgsqlConnection(database.ConnectionString))
            {
                await c.OpenAsync();
                await Exec(c, """
                    SET maintenance_work_mem = '512MB';
                    ALTER TABLE call_record ADD PRIMARY KEY (call_id);
                    CREATE INDEX ix_call_record_tenant_queue_time ON call_record (tenant_id, queue_id, queued_at);
                    CREATE INDEX ix_call_record_tenant_time ON call_record (tenant_id, queued_at);
                    CREATE INDEX ix_call_record_queued_at ON call_record (queued_at);
                    ALTER TABLE call_leg ADD PRIMARY KEY (call_id, ended_at);
                    CREATE INDEX ix_call_leg_tenant_time ON call_leg (tenant_id, queued_at);
                    CREATE INDEX ix_call_leg_queued_at ON call_leg (queued_at);
                    """);
                // Every bucket holding a record gets a version, as the migration does for records it finds.
                await Exec(c, CallBucketVersions.BackfillSql);
                await Exec(c, "VACUUM ANALYZE");
            }
            Console.WriteLine($"report: loaded in {copied.TotalSeconds:F0} s (COPY) + {(load.Elapsed - copied).TotalSeconds:F0} s (indexes, bucket versions, vacuum analyze)");

            var subject = new ReportSubject(Tenant, "Banque Lumière", "Europe/Paris", "fr", Queues.Select(q => (q, q)).ToList());
            // Version 0 per queue, and a tenant-wide version that changes the rules in the middle of the month.
            var book = new ContractBook(
                [new SlaContract(Tenant, null, 1, Instant.FromUtc(2026, 11, 16, 9, 30).ToDateTimeOffset(), 0.8, 20, Period: MeasurementPeriod.Interval,
                    IntervalMinutes: 30, AbandonsInDenominator: false, ShortAbandonSeconds: 5, AbandonsWithinThresholdAsMet: true, PenaltyPerMissedPeriod: 50m)],
                Queues.Select(q => SlaContract.Default(Tenant, q, 20, 0.8)));
            var aggregates = new CallAggregates(database, new CallRecordStore(database));
            {
                // The first report finds no summary: it sums every bucket of the month from its records and stores them (what
                // reports do over time on a live system, a bucket at a time, for the buckets that changed since).
                var sw = Stopwatch.StartNew();
                var builder = new SlaReportBuilder(new ReportQuery(Tenant, new LocalDate(2026, 11, 1), new LocalDate(2026, 11, 30), Granularity.Month),
                    subject, book);
                if (!await aggregates.FeedAsync(builder, Tenant))
                    throw new InvalidOperationException("The report did not take the summaries.");
                builder.Build(DateTimeOffset.UtcNow);
                Console.WriteLine($"report: first monthly report, summing the month's {records:N0} records into 15-minute buckets: " +
                                  $"{sw.Elapsed.TotalSeconds:F1} s; load average {LoadAverage()}");
            }
            foreach (var granularity in new[] { Granularity.Month, Granularity.Day })
            {
                var query = new ReportQuery(Tenant, new LocalDate(2026, 11, 1), new LocalDate(2026, 11, 30), granularity);
                var times = new List<double>();
                SlaReport? report = null;
                for (var run = 0; run < 6; run++)
                {
                    var sw = Stopwatch.StartNew();
                    var builder = new SlaReportBuilder(query, subject, book);
                    if (!await aggregates.FeedAsync(builder, Tenant))
                        throw new InvalidOperationException("The report did not take the summaries.");
                    report = builder.Build(DateTimeOffset.UtcNow);
                    sw.Stop();
                    if (run > 0) // the first run warms the JIT
                        times.Add(sw.Elapsed.TotalSeconds);
                }
                times.Sort();
                var total = report!.Rows.Where(r => r.QueueId == SlaReportBuilder.TotalQueueId).Sum(r => r.Figures.Offered);
                Console.WriteLine($"report: {granularity.ToString().ToLowerInvariant()} report of {total:N0} calls: median {times[times.Count / 2]:F2} s " +
                                  $"(min {times[0]:F2}, max {times[^1]:F2}, {times.Count} runs after one warm-up); load average {LoadAverage()}");
            }
        }
        finally
        {
            await DropDatabaseAsync(server, name);
        }
    }

    private static void Copy(string connectionString, int stream, long rows, DateTimeOffset from, DateTimeOffset to)
    {
        var random = new Random(1000 + stream);
        var start = from.ToUnixTimeMilliseconds();
        var span = to.ToUnixTimeMilliseconds() - start;
        using var records = new NpgsqlConnection(connectionString);
        using var legs = new NpgsqlConnection(connectionString);
        records.Open();
        legs.Open();
        using var recordWriter = records.BeginBinaryImport("""
            COPY call_record (call_id, tenant_id, queue_id, queued_at, answered_at, abandoned_at, rejected_at, reject_reason)
            FROM STDIN (FORMAT BINARY)
            """);
        using var legWriter = legs.BeginBinaryImport("""
            COPY call_leg (call_id, ended_at, tenant_id, queue_id, agent_id, queued_at, answered_at, ended_by,
                           talk_seconds, hold_seconds, wrap_up_seconds, disposition)
            FROM STDIN (FORMAT BINARY)
            """);
        for (long i = 0; i < rows; i++)
        {
            var callId = Guid.NewGuid().ToString();
            var queue = Queues[random.Next(Queues.Length)];
            var queued = start + random.NextInt64(span);
            var wait = random.Next(120_000);
            var outcome = random.Next(100);
            long? answered = outcome < 75 ? queued + wait / 4 : null;
            long? abandoned = outcome is >= 75 and < 92 ? queued + wait : null;
            long? rejected = outcome is >= 92 and < 96 ? queued : null;
            recordWriter.StartRow();
            recordWriter.Write(callId, NpgsqlDbType.Text);
            recordWriter.Write(Tenant, NpgsqlDbType.Text);
            recordWriter.Write(queue, NpgsqlDbType.Text);
            recordWriter.Write(queued, NpgsqlDbType.Bigint);
            WriteNullable(recordWriter, answered);
            WriteNullable(recordWriter, abandoned);
            WriteNullable(recordWriter, rejected);
            if (rejected is null)
                recordWriter.WriteNull();
            else
                recordWriter.Write(outcome % 2 == 0 ? "closed" : "full", NpgsqlDbType.Text);
            if (answered is not { } answeredAt || outcome >= 70) // answered and not completed yet: no leg
                continue;
            var talk = random.Next(20_000, 600_000) / 1000.0;
            legWriter.StartRow();
            legWriter.Write(callId, NpgsqlDbType.Text);
            legWriter.Write(answeredAt + (long)(talk * 1000), NpgsqlDbType.Bigint);
            legWriter.Write(Tenant, NpgsqlDbType.Text);
            legWriter.Write(queue, NpgsqlDbType.Text);
            legWriter.Write("agent" + random.Next(1, 41).ToString("00"), NpgsqlDbType.Text);
            legWriter.Write(queued, NpgsqlDbType.Bigint);
            legWriter.Write(answeredAt, NpgsqlDbType.Bigint);
            legWriter.Write(CallLegEnd.Completed, NpgsqlDbType.Text);
            legWriter.Write(talk, NpgsqlDbType.Double);
            legWriter.Write(0.0, NpgsqlDbType.Double);
            legWriter.Write(random.Next(0, 60_000) / 1000.0, NpgsqlDbType.Double);
            legWriter.Write("resolved", NpgsqlDbType.Text);
        }
        recordWriter.Complete();
        legWriter.Complete();
    }

    private static void WriteNullable(NpgsqlBinaryImporter writer, long? value)
    {
        if (value is { } v)
            writer.Write(v, NpgsqlDbType.Bigint);
        else
            writer.WriteNull();
    }

    // ---- (b) ingest over RabbitMQ into PostgreSQL --------------------------------------------------------------------

    private static async Task IngestAsync(string server, string rabbit, int events)
    {
        var calls = events / EventsPerCall;
        events = calls * EventsPerCall;
        var name = "slabench_ingest_" + Guid.NewGuid().ToString("N")[..8];
        var prefix = "slabench" + Guid.NewGuid().ToString("N")[..6];
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        Console.WriteLine($"ingest: starting CallCentre.Host --modules slatracking on RabbitMQ and PostgreSQL ({name}) ...");
        var host = await SlaHost.StartAsync(rabbit, prefix, connectionString);
        IBusControl? bus = null;
        try
        {
            bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
            {
                cfg.Host(new Uri(rabbit), h => h.PublisherConfirmation = true);
                cfg.MessageTopology.SetEntityNameFormatter(new PrefixEntityNameFormatter(cfg.MessageTopology.EntityNameFormatter, prefix + "-"));
            });
            await bus.StartAsync();
            // One warm-up call (connections, JIT on both sides), then the run.
            await PublishCallAsync(bus, Guid.NewGuid(), DateTimeOffset.UtcNow.AddDays(-40), 0);
            await WaitInDatabaseAsync(connectionString, 1, TimeSpan.FromSeconds(60));

            // 1. End to end: publishing and consuming at once.
            var sw = Stopwatch.StartNew();
            var published = await PublishAsync(bus, calls, DateTimeOffset.UtcNow.AddDays(-30));
            Console.WriteLine($"ingest: published {events:N0} events ({calls:N0} calls × queued/answered/leg ended) in {published.TotalSeconds:F1} s " +
                              $"({events / published.TotalSeconds:N0}/s, up to {Window} publishes in flight, confirms on)");
            await WaitInDatabaseAsync(connectionString, calls + 1, TimeSpan.FromMinutes(15));
            sw.Stop();
            var endToEnd = events / sw.Elapsed.TotalSeconds;
            Console.WriteLine($"ingest: all {events:N0} events in the database after {sw.Elapsed.TotalSeconds:F1} s: " +
                              $"{endToEnd:N0} events/s end to end, publishing included; load average {LoadAverage()}");

            // 2. The consumer alone: the same number of events waiting in its queue while the Host is stopped, then drained.
            await host.DisposeAsync();
            await PublishAsync(bus, calls, DateTimeOffset.UtcNow.AddDays(-20));
            Console.WriteLine($"ingest: {events:N0} more events queued with the Host stopped; restarting it ...");
            host = await SlaHost.StartAsync(rabbit, prefix, connectionString, waitReady: false);
            var cpu = new CpuMeter(host.ProcessId, name, new Uri(rabbit).Port);
            var (drained, seconds) = await DrainAsync(connectionString, calls + 1, 2 * calls + 1, TimeSpan.FromMinutes(15), cpu);
            var (hostCpu, postgresCpu, rabbitCpu) = cpu.Elapsed();
            var drainRate = drained * EventsPerCall / seconds;
            Console.WriteLine($"ingest: drained the queue: {drained * EventsPerCall:N0} events in {seconds:F1} s from the first one recorded: " +
                              $"{drainRate:N0} events/s; load average {LoadAverage()}");
            Console.WriteLine($"ingest: CPU time while draining: Host {hostCpu:F1} s, its PostgreSQL backends {postgresCpu:F1} s, RabbitMQ " +
                              $"{rabbitCpu:F1} s (shared with other users) = {(hostCpu + postgresCpu + rabbitCpu) * 1e6 / (drained * EventsPerCall):N0} µs per event, " +
                              $"i.e. {drained * EventsPerCall * Environment.ProcessorCount / (hostCpu + postgresCpu + rabbitCpu):N0} events/s if the {Environment.ProcessorCount} cores were ours");

            // 3. The same events through a plain RabbitMQ.Client publisher and consumer, the Host stopped.
            await host.DisposeAsync();
            await BaselineAsync(rabbit, calls, endToEnd, drainRate);
        }
        catch
        {
            host.DumpLog();
            throw;
        }
        finally
        {
            if (bus is not null)
                await bus.StopAsync();
            await host.DisposeAsync();
            await DropDatabaseAsync(server, name);
        }
    }

    private const int Window = 2000;

    private static async Task BaselineAsync(string rabbit, int calls, double endToEnd, double drainRate)
    {
        var baseAt = DateTimeOffset.UtcNow.AddDays(-10);
        var events = Enumerable.Range(0, calls).SelectMany(i => CallEvents(Guid.NewGuid(), baseAt.AddMilliseconds(i * 250L), i)).ToList();
        var baseline = new SlaBaselineBench(rabbit, CallRecordConsumerDefinition.PostgresPrefetchCount, Window);
        Console.WriteLine($"baseline: the same {events.Count:N0} events (MassTransit's JSON envelope) through a plain RabbitMQ.Client publisher " +
                          $"and consumer: persistent, confirms with up to {Window} in flight, prefetch {CallRecordConsumerDefinition.PostgresPrefetchCount}, " +
                          "one acknowledgement per message, no work ...");
        var both = await baseline.EndToEndAsync(events);
        Console.WriteLine($"baseline: end to end {both.EventsPerSecond:N0} events/s (CPU per event: publisher and consumer {both.ProcessMicroseconds:N0} µs, " +
                          $"RabbitMQ {both.BrokerMicroseconds:N0} µs); load average {LoadAverage()}");
        var drain = await baseline.DrainAsync(events);
        Console.WriteLine($"baseline: draining {drain.EventsPerSecond:N0} events/s (CPU per event: consumer {drain.ProcessMicroseconds:N0} µs, " +
                          $"RabbitMQ {drain.BrokerMicroseconds:N0} µs); load average {LoadAverage()}");
        Console.WriteLine($"ratio: SLA ingest / plain client: end to end {endToEnd / both.EventsPerSecond:P0}, draining {drainRate / drain.EventsPerSecond:P0}");
    }

    /// <summary>Publishes <paramref name="calls"/> calls' events with up to <see cref="Window"/> publishes in flight.</summary>
    private static async Task<TimeSpan> PublishAsync(IBus bus, int calls, DateTimeOffset baseAt)
    {
        using var inFlight = new SemaphoreSlim(Window);
        var pending = new List<Task>(calls * EventsPerCall);
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            var id = Guid.NewGuid();
            var at = baseAt.AddMilliseconds(i * 250L);
            foreach (var message in CallEvents(id, at, i))
            {
                await inFlight.WaitAsync();
                pending.Add(bus.Publish(message).ContinueWith(t => { inFlight.Release(); return t; }, TaskScheduler.Default).Unwrap());
            }
        }
        await Task.WhenAll(pending);
        return sw.Elapsed;
    }

    /// <summary>From the first call recorded after the <paramref name="before"/> already there until <paramref name="calls"/> calls
    /// are complete: how many calls were recorded in that time and how long it took.</summary>
    private static async Task<(long Calls, double Seconds)> DrainAsync(string connectionString, int before, int calls, TimeSpan timeout,
        CpuMeter cpu)
    {
        var sw = Stopwatch.StartNew();
        long? atStart = null;
        var started = TimeSpan.Zero;
        while (true)
        {
            var done = await CompleteCallsAsync(connectionString);
            if (atStart is null && done > before)
            {
                atStart = done;
                started = sw.Elapsed;
                cpu.Start();
            }
            if (done >= calls)
            {
                cpu.Stop();
                return (done - atStart!.Value, (sw.Elapsed - started).TotalSeconds);
            }
            if (sw.Elapsed > timeout)
                throw new TimeoutException($"Only {done:N0} of {calls:N0} calls reached the database in {timeout}.");
            await Task.Delay(100);
        }
    }

    private static async Task<long> CompleteCallsAsync(string connectionString)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        // Queued: the record names its arrival queue; answered: answered_at; its leg: a call_leg row.
        await using var cmd = new NpgsqlCommand("""
            SELECT LEAST((SELECT count(*) FROM call_record
                           WHERE tenant_id = 'lumiere-bank' AND queue_id <> 'lumiere-cards-fr' AND answered_at IS NOT NULL),
                         (SELECT count(*) FROM call_leg))
            """, c);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static IEnumerable<object> CallEvents(Guid id, DateTimeOffset queuedAt, int i)
    {
        // Arrival in a banking queue, answered after an overflow in the cards queue: the record's queue tells the arrival
        // event is in.
        var arrival = Queues[i % 2];
        var answeredAt = queuedAt.AddMilliseconds(1000 + i % 40_000);
        var endedAt = answeredAt.AddSeconds(60 + i % 300);
        yield return new CallQueued(id, Tenant, arrival, "h" + (i % 1000), 5, queuedAt);
        yield return new CallAnswered(id, Tenant, AnswerQueue, "agent01", queuedAt, answeredAt);
        yield return new CallLegEnded(id, Tenant, AnswerQueue, "agent01", queuedAt, answeredAt, endedAt, CallLegEnd.Completed,
            (endedAt - answeredAt).TotalSeconds, 0, 9.5, "resolved");
    }

    /// <summary>A call's events as Routing publishes them for an answered call: queued, answered, its leg.</summary>
    private const int EventsPerCall = 3;

    private static async Task PublishCallAsync(IBus bus, Guid id, DateTimeOffset at, int i)
    {
        foreach (var message in CallEvents(id, at, i))
            await bus.Publish(message);
    }

    /// <summary>Waits until <paramref name="calls"/> calls have every event in: queued (its arrival), answered, their leg.</summary>
    private static async Task WaitInDatabaseAsync(string connectionString, int calls, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var done = await CompleteCallsAsync(connectionString);
            if (done >= calls)
                return;
            if (sw.Elapsed > timeout)
                throw new TimeoutException($"Only {done:N0} of {calls:N0} calls reached the database in {timeout}.");
            await Task.Delay(200);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------------

    private static async Task<ModuleDatabase<SlaTrackingModule>> CreateDatabaseAsync(string server, string name)
    {
        var database = new ModuleDatabase<SlaTrackingModule>("SlaTracking", DatabaseProvider.Postgres,
            new NpgsqlConnectionStringBuilder(server) { Database = name, CommandTimeout = 3600 }.ConnectionString, TransientDatabaseErrors.CreatePipeline(2));
        await new MigrationRunner(NullLogger<MigrationRunner>.Instance).ApplyAsync(new ModuleMigrations(database, typeof(SlaTrackingModule).Assembly));
        return database;
    }

    private static async Task DropDatabaseAsync(string server, string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await c.OpenAsync();
        await Exec(c, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    private static async Task Exec(NpgsqlConnection c, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, c) { CommandTimeout = 3600 };
        await cmd.ExecuteNonQueryAsync();
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
