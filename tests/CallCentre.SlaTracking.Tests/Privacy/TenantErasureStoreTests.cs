using System.Data.Common;
using System.Globalization;
using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Data;
using CallCentre.Routing;
using CallCentre.Routing.Contacts;
using CallCentre.Routing.Data;
using CallCentre.Routing.Privacy;
using CallCentre.Routing.Telephony;
using CallCentre.Scheduling;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Data;
using Dapper;
using SchedulingTenantData = CallCentre.Scheduling.Privacy.TenantDataStore;
using SlaTenantData = CallCentre.SlaTracking.Privacy.TenantDataStore;

namespace CallCentre.SlaTracking.Tests.Privacy;

/// <summary>The three module databases of one provider, migrated, for the tenant erasure tests.</summary>
public abstract class ModuleDatabases(
    CallCentre.Testing.TestDatabase<RoutingModule> routing,
    CallCentre.Testing.TestDatabase<SlaTrackingModule> sla,
    CallCentre.Testing.TestDatabase<SchedulingModule> scheduling) : IAsyncLifetime
{
    public ModuleDatabase<RoutingModule> Routing => routing.Database;
    public ModuleDatabase<SlaTrackingModule> Sla => sla.Database;
    public ModuleDatabase<SchedulingModule> Scheduling => scheduling.Database;

    public async Task InitializeAsync()
    {
        await routing.InitializeAsync();
        await sla.InitializeAsync();
        await scheduling.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await routing.DisposeAsync();
        await sla.DisposeAsync();
        await scheduling.DisposeAsync();
    }
}

public sealed class SqliteRoutingTestDatabase() : CallCentre.Testing.SqliteTestDatabase<RoutingModule>("Routing");
public sealed class PostgresRoutingTestDatabase() : CallCentre.Testing.PostgresTestDatabase<RoutingModule>("Routing");
public sealed class SqliteSchedulingTestDatabase() : CallCentre.Testing.SqliteTestDatabase<SchedulingModule>("Scheduling");
public sealed class PostgresSchedulingTestDatabase() : CallCentre.Testing.PostgresTestDatabase<SchedulingModule>("Scheduling");

public sealed class SqliteModuleDatabases()
    : ModuleDatabases(new SqliteRoutingTestDatabase(), new SqliteTestDatabase(), new SqliteSchedulingTestDatabase());

public sealed class PostgresModuleDatabases()
    : ModuleDatabases(new PostgresRoutingTestDatabase(), new PostgresTestDatabase(), new PostgresSchedulingTestDatabase());

/// <summary>A tenant erasure leaves no row in any table of any module database that names the tenant, its queues, its calls
/// or its callers' hashes, and leaves the other tenant whole, on SQLite and PostgreSQL.</summary>
public abstract class TenantErasureStoreTests<TDatabases>(TDatabases db) : IClassFixture<TDatabases> where TDatabases : ModuleDatabases
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    /// <summary>What a tenant leaves in the databases: its id, queue ids, call ids and a caller hash.</summary>
    private sealed record Traces(string TenantId, string QueueA, string QueueB, Guid[] Calls, string CallerHash)
    {
        public IEnumerable<string> All => new[] { TenantId, QueueA, QueueB, CallerHash }.Concat(Calls.Select(c => c.ToString()));
    }

    private static Traces NewTenant(string prefix)
    {
        var id = prefix + Guid.NewGuid().ToString("N")[..8];
        return new Traces(id, id + "-sales", id + "-care", [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()],
            Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"));
    }

    private async Task LoadAsync(Traces t, string agentId, string otherTenantId)
    {
        // Routing: calls (stored and waiting in the outbox), an agent's wrap-up leg, the caller-hash salt.
        await new RoutingStore(db.Routing).ApplyAsync([
            new CallQueued(t.Calls[0], t.TenantId, t.QueueA, t.CallerHash, 5, T0),
            new CallQueued(t.Calls[1], t.TenantId, t.QueueB, t.CallerHash, 5, T0),
        ], default);
        await new CallerHashSaltStore(db.Routing, TimeProvider.System).GetOrCreateAsync(t.TenantId);
        await new PbxCallIdStore(db.Routing, TimeProvider.System).KeepAsync(t.TenantId, "pbx-1", t.QueueA, t.Calls[2],
            $$"""{"callId":"{{t.Calls[2]}}","tenantId":"{{t.TenantId}}","queueId":"{{t.QueueA}}","state":"Waiting"}""");
        await new ContactTranscriptStore(new TenantSeal(new byte[32], new CallerHashSaltStore(db.Routing, TimeProvider.System)), db.Routing,
            TimeProvider.System).AppendAsync(t.TenantId, t.QueueA, t.Calls[2], ContactTranscriptStore.Customer, null, "m-1", "Bonjour");
        await db.Routing.RunAsync((c, _) => c.ExecuteAsync("""
            INSERT INTO agent_state (agent_id, state, reason, call_id, since, wrap_call_id, wrap_tenant_id, wrap_queue_id,
                                     wrap_queued_at, wrap_started_at, wrap_ends_at)
            VALUES (@Agent, 'WrapUp', NULL, @Call, 1, @Call, @Tenant, @Queue, 1, 2, 3)
            """, new { Agent = agentId, Call = t.Calls[0].ToString(), Tenant = t.TenantId, Queue = t.QueueA }));

        // SlaTracking: records and their legs, a summary, a contract, the report log, agents' lists.
        await db.Sla.RunAsync(async (c, _) =>
        {
            foreach (var call in t.Calls)
            {
                var p = new { Call = call.ToString(), Tenant = t.TenantId, t.QueueA, t.QueueB, Agent = agentId };
                await c.ExecuteAsync("INSERT INTO call_record (call_id, tenant_id, queue_id, queued_at) VALUES (@Call, @Tenant, @QueueA, 1)", p);
                await c.ExecuteAsync("""
                    INSERT INTO call_leg (call_id, ended_at, tenant_id, queue_id, agent_id, queued_at, answered_at, ended_by,
                                          talk_seconds, hold_seconds, wrap_up_seconds, disposition)
                         VALUES (@Call, 3, @Tenant, @QueueA, @Agent, 1, 2, 'Transferred', 1, 0, 1, NULL),
                                (@Call, 5, @Tenant, @QueueB, @Agent, 1, 4, 'Completed', 1, 0, 1, 'resolved')
                    """, p);
                await c.ExecuteAsync("""
                    INSERT INTO agent_offer (call_id, offered_at, agent_id, tenant_id, queue_id, returned_at, return_reason)
                         VALUES (@Call, 1, @Agent, @Tenant, @QueueA, 2, 'missed')
                    """, p);
            }
            await c.ExecuteAsync("INSERT INTO call_bucket_summary (tenant_id, bucket, computed_version, data) VALUES (@Tenant, 1, 1, @Data)",
                new { Tenant = t.TenantId, Data = new byte[] { 1, 2, 3 } });
        });
        await db.Sla.RunAsync(async (c, _) =>
        {
            var p = new { Tenant = t.TenantId, Queue = t.QueueA };
            await c.ExecuteAsync("""
                INSERT INTO sla_alert_state (tenant_id, queue_id, day, state, version, changed_at) VALUES (@Tenant, @Queue, '2026-11-10', 'Breached', 1, 1)
                """, p);
            await c.ExecuteAsync("""
                INSERT INTO alert_outbox (message_id, message_type, body, tenant_id, created_at, claimed_until)
                     VALUES ('m', 'CallCentre.Contracts.Sla.SlaBreached', @Queue, @Tenant, 1, 1)
                """, p);
        });
        await new PackStore(db.Sla).AddNextAsync(t.TenantId, "2026-10", T0, "admin", _ => new PackStore.SealedPack(
            [1], [2], "key", "pem", [new("report.pdf", [3]), new("contacts.csv", [4])]));
        await new ContractStore(db.Sla).AddVersionAsync(new SlaContract(t.TenantId, t.QueueA, 1, T0, 0.8, 20), T0, "admin");
        var webhooks = new SlaTracking.Webhooks.WebhookStore(db.Sla);
        await webhooks.SaveAsync(new SlaTracking.Webhooks.Webhook(Guid.NewGuid(), t.TenantId, "https://hooks.example/" + t.TenantId,
            [SlaTracking.Webhooks.WebhookEvents.CallAbandoned], true, null, "sealed", "admin", T0, T0));
        await webhooks.EnqueueAsync(SlaTracking.Webhooks.WebhookEvents.Of(new CallAbandoned(t.Calls[0], t.TenantId, t.QueueA, T0, T0.AddSeconds(9))), T0);
        await new ReportAccessLog(db.Sla).WriteAsync(new ReportAccessLog.ReportAccess(T0, "client-" + t.TenantId, "client", t.TenantId,
            "2026-11-01", "2026-11-30", "day", "json", "ok"));
        // The report's e-mail schedule, a period's delivery and its log, a client system's credentials.
        await db.Sla.RunAsync(async (c, _) =>
        {
            var p = new { Tenant = t.TenantId, Schedule = "schedule-" + t.TenantId, Client = "client-" + t.TenantId };
            await c.ExecuteAsync("""
                INSERT INTO delivery_schedule (schedule_id, tenant_id, frequency, weekday, day_of_month, local_time, recipients, attachments,
                                               language, created_by, created_at, changed_at)
                     VALUES (@Schedule, @Tenant, 'monthly', NULL, 2, '08:00', '["ops@client.example"]', '["pdf"]', 'fr', 'admin', 1, 1)
                """, p);
            await c.ExecuteAsync("""
                INSERT INTO delivery (schedule_id, period, tenant_id, due_at, status, attempts, next_attempt_at, claimed_until)
                     VALUES (@Schedule, '2026-11', @Tenant, 1, 'sent', 1, 1, 0)
                """, p);
            await c.ExecuteAsync("""
                INSERT INTO delivery_attempt (schedule_id, tenant_id, period, attempt, attempted_at, recipients, status)
                     VALUES (@Schedule, @Tenant, '2026-11', 1, 1, '["ops@client.example"]', 'sent')
                """, p);
            await c.ExecuteAsync("""
                INSERT INTO report_client (client_id, tenant_id, name, secret_hash, created_by, created_at) VALUES (@Client, @Tenant, 'CRM', 'h', 'admin', 1)
                """, p);
        });
        await db.Sla.RunAsync((c, _) => c.ExecuteAsync(
            "INSERT INTO agent_state_change (agent_id, changed_at, state, tenant_ids) VALUES (@Agent, @At, 'Ready', @Tenants)",
            new { Agent = agentId, At = Random.Shared.NextInt64(1, long.MaxValue), Tenants = $",{t.TenantId},{otherTenantId}," }));

        // Scheduling: arrivals, their legs, agents' lists.
        await db.Scheduling.RunAsync(async (c, _) =>
        {
            foreach (var call in t.Calls)
            {
                await c.ExecuteAsync("INSERT INTO call_arrival (call_id, tenant_id, queue_id, queued_at) VALUES (@Call, @Tenant, @Queue, 1)",
                    new { Call = call.ToString(), Tenant = t.TenantId, Queue = t.QueueB });
                await c.ExecuteAsync("""
                    INSERT INTO call_leg (call_id, ended_at, tenant_id, queued_at, ended_by, talk_seconds, hold_seconds, wrap_up_seconds)
                         VALUES (@Call, 2, @Tenant, 1, 'Completed', 1, 0, 2)
                    """, new { Call = call.ToString(), Tenant = t.TenantId });
            }
            await c.ExecuteAsync("""
                INSERT INTO agent_state_change (agent_id, changed_at, state, reason, tenant_ids) VALUES (@Agent, 1, 'Ready', '', @Tenants)
                """, new { Agent = agentId, Tenants = $"{otherTenantId},{t.TenantId}" });
        });
    }

    private async Task<IReadOnlyDictionary<string, int>> EraseAsync(string tenantId)
    {
        var removed = new Dictionary<string, int>();
        foreach (var (module, counts) in new[]
        {
            ("routing", await new TenantErasureStore(db.Routing).EraseTenantAsync(tenantId, default)),
            ("sla", await new SlaTenantData(db.Sla).EraseTenantAsync(tenantId, default)),
            ("scheduling", await new SchedulingTenantData(db.Scheduling).EraseTenantAsync(tenantId, default)),
        })
            foreach (var (kind, count) in counts)
                removed[$"{module}.{kind}"] = count;
        removed["routing.callerHashKeys"] = await new CallerHashSaltStore(db.Routing, TimeProvider.System).DeleteAsync(tenantId);
        return removed;
    }

    /// <summary>"module.table.column" of every cell, in every table of the three databases, that holds one of the values.</summary>
    private async Task<IReadOnlyList<string>> CellsHoldingAsync(IEnumerable<string> values)
    {
        var wanted = values.ToList();
        var found = new List<string>();
        foreach (var (name, database) in new (string, IModuleDatabase)[] { ("routing", db.Routing), ("sla", db.Sla), ("scheduling", db.Scheduling) })
        {
            await using var connection = await database.OpenAsync();
            var tables = (await connection.QueryAsync<string>(database.Provider == DatabaseProvider.Postgres
                ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).ToList();
            Assert.NotEmpty(tables);
            foreach (var table in tables)
                found.AddRange(Cells(connection, table, wanted).Select(cell => $"{name}.{cell}"));
        }
        return found;
    }

    private static IEnumerable<string> Cells(DbConnection connection, string table, IReadOnlyList<string> values)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\"";
        using var reader = command.ExecuteReader();
        var found = new List<string>();
        while (reader.Read())
            for (var i = 0; i < reader.FieldCount; i++)
                if (!reader.IsDBNull(i) && Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) is { } text && values.Any(text.Contains))
                    found.Add($"{table}.{reader.GetName(i)}");
        return found;
    }

    [Fact]
    public async Task ExportingATenant_WritesEachFileWithItsRowsOnly()
    {
        var (asked, other) = (NewTenant("asked"), NewTenant("other"));
        await LoadAsync(asked, "agent-" + Guid.NewGuid().ToString("N")[..8], other.TenantId);
        await LoadAsync(other, "agent-" + Guid.NewGuid().ToString("N")[..8], asked.TenantId);
        using var output = new MemoryStream();

        var counts = await new SlaTracking.Privacy.TenantExport(db.Sla, TimeProvider.System).WriteAsync(asked.TenantId, output, default);

        output.Position = 0;
        using var zip = new System.IO.Compression.ZipArchive(output);
        var expected = new Dictionary<string, int>
        {
            ["contracts.csv"] = 1, ["call_records.csv"] = 3, ["call_legs.csv"] = 6, ["bucket_summaries.csv"] = 1, ["report_accesses.csv"] = 1,
        };
        Assert.Equal(expected, counts);
        Assert.Equal(expected.Keys.Append("manifest.json").Order(), zip.Entries.Select(e => e.FullName).Order());
        foreach (var (file, rows) in expected)
        {
            using var reader = new StreamReader(zip.GetEntry(file)!.Open());
            var lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(rows + 1, lines.Length);
            Assert.All(lines.Skip(1), line => Assert.DoesNotContain(other.TenantId, line));
        }
        using var manifest = new StreamReader(zip.GetEntry("manifest.json")!.Open());
        Assert.Contains(asked.TenantId, await manifest.ReadToEndAsync());
    }

    [Fact]
    public async Task ErasingATenant_LeavesNoRowNamingItInAnyTable_AndTheOtherTenantWhole()
    {
        var (gone, kept) = (NewTenant("gone"), NewTenant("kept"));
        var agent = "agent-" + Guid.NewGuid().ToString("N")[..8];
        await LoadAsync(gone, agent, kept.TenantId);
        await LoadAsync(kept, agent + "-2", gone.TenantId);
        var keptBefore = (await CellsHoldingAsync(kept.All)).Order().ToList();

        var removed = await EraseAsync(gone.TenantId);

        Assert.Empty(await CellsHoldingAsync(gone.All));
        // The other tenant keeps every cell it had, except its partner's ids removed from the shared tenant lists.
        Assert.Equal(keptBefore, (await CellsHoldingAsync(kept.All)).Order().ToList());
        Assert.Equal(new Dictionary<string, int>
        {
            ["routing.storedCalls"] = 2, ["routing.pendingEvents"] = 2, ["routing.agentWrapUps"] = 2, ["routing.callerHashKeys"] = 1,
            ["routing.pbxCallIds"] = 1, ["routing.callbacks"] = 0, ["routing.transcriptMessages"] = 1,
            ["sla.alertStates"] = 1, ["sla.pendingAlerts"] = 1,
            ["sla.agentOffers"] = 3, ["sla.callLegs"] = 6, ["sla.callRecords"] = 3, ["sla.bucketSummaries"] = 1,
            ["sla.contracts"] = 1, ["sla.reportAccesses"] = 1, ["sla.agentTenantLists"] = 2,
            ["sla.monthlyPacks"] = 1, ["sla.monthlyPackFiles"] = 2, ["sla.webhooks"] = 1, ["sla.webhookDeliveries"] = 1, ["sla.webhookAttempts"] = 0,
            ["sla.deliverySchedules"] = 1, ["sla.deliveries"] = 1, ["sla.deliveryAttempts"] = 1, ["sla.reportClients"] = 1,
            ["scheduling.callLegs"] = 3, ["scheduling.callArrivals"] = 3, ["scheduling.agentTenantLists"] = 2,
        }, removed);
        // The tenant lists keep the other tenant, in the format each module reads.
        Assert.Equal($",{kept.TenantId},", await db.Sla.RunAsync((c, _) => c.ExecuteScalarAsync<string>(
            "SELECT tenant_ids FROM agent_state_change WHERE agent_id = @Agent", new { Agent = agent })));
        Assert.Equal(kept.TenantId, await db.Scheduling.RunAsync((c, _) => c.ExecuteScalarAsync<string>(
            "SELECT tenant_ids FROM agent_state_change WHERE agent_id = @Agent", new { Agent = agent })));

        Assert.All(await EraseAsync(gone.TenantId), kv => Assert.Equal(0, kv.Value));
    }
}

public sealed class SqliteTenantErasureStoreTests(SqliteModuleDatabases db) : TenantErasureStoreTests<SqliteModuleDatabases>(db);

public sealed class PostgresTenantErasureStoreTests(PostgresModuleDatabases db) : TenantErasureStoreTests<PostgresModuleDatabases>(db);
