using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCentre.Testing;
using Microsoft.Data.Sqlite;

namespace CallCentre.Routing.Tests.Privacy;

/// <summary>Erasing a tenant through the admin API on the whole embedded platform (in-memory bus, one SQLite file per
/// module): refused while it has live calls, then every module's rows go, the answer counts them per module, the audit keeps
/// the tenant only, and asking again removes nothing.</summary>
public sealed class TenantErasureApiTests : IAsyncLifetime
{
    private readonly EmbeddedPlatform _platform = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    private static async Task<Guid> QueueCallAsync(HttpClient pbx, string queueId)
    {
        var response = await pbx.PostAsJsonAsync("/api/telephony/calls", new { queueId, callerNumber = "+33 6 12 34 56 78" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("callId").GetGuid();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 300 && !condition(); i++)
            await Task.Delay(50);
        Assert.True(condition());
    }

    /// <summary>"file.table.column" of every cell of every table of every module database that contains <paramref name="value"/>.</summary>
    private List<string> CellsHolding(string value)
    {
        var found = new List<string>();
        foreach (var file in Directory.GetFiles(_platform.DataFolder, "*.db"))
        {
            using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
            connection.Open();
            foreach (var table in PrivacyStoreTests.Tables(connection))
                found.AddRange(PrivacyStoreTests.CellsHolding(connection, table, value).Select(c => $"{Path.GetFileNameWithoutExtension(file)}.{c}"));
        }
        return found;
    }

    [Fact]
    public async Task ErasingATenant_IsRefusedWhileItHasLiveCalls_ThenRemovesItFromEveryModuleOnly()
    {
        using var pbx = await _platform.HttpAs("pbx");
        using var admin = await _platform.HttpAs("admin");
        Guid[] bank = [await QueueCallAsync(pbx, "lumiere-banking-fr"), await QueueCallAsync(pbx, "lumiere-cards-fr")];
        var insurer = await QueueCallAsync(pbx, "mosane-claims-fr");

        var refused = await admin.PostAsync("/api/admin/tenants/lumiere-bank/erase", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("live calls", await refused.Content.ReadAsStringAsync());

        foreach (var call in bank)
            Assert.True((await pbx.DeleteAsync($"/api/telephony/calls/{call}")).IsSuccessStatusCode);
        // Every module has stored the abandoned calls before the erasure.
        await WaitUntilAsync(() => bank.All(c => CellsHolding(c.ToString()).Any(cell => cell.StartsWith("slatracking.call_record"))
            && CellsHolding(c.ToString()).Any(cell => cell.StartsWith("scheduling.call_arrival"))));
        Assert.NotEmpty(CellsHolding("lumiere-bank"));

        var response = await admin.PostAsync("/api/admin/tenants/lumiere-bank/erase", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(answer.GetProperty("complete").GetBoolean());
        var modules = answer.GetProperty("modules");
        Assert.Equal(["dashboard", "routing", "scheduling", "slatracking"], modules.EnumerateObject().Select(m => m.Name).Order().ToArray());
        // Ended calls have already left Routing's tables; only the salt is left there to remove.
        Assert.Equal(0, modules.GetProperty("routing").GetProperty("storedCalls").GetInt32());
        Assert.Equal(1, modules.GetProperty("routing").GetProperty("callerHashKeys").GetInt32());
        Assert.Equal(2, modules.GetProperty("slatracking").GetProperty("callRecords").GetInt32());
        Assert.Equal(2, modules.GetProperty("scheduling").GetProperty("callArrivals").GetInt32());
        Assert.Equal(2, modules.GetProperty("dashboard").GetProperty("calls").GetInt32());

        // The tenant id is a prefix of its queue ids, so this finds them too; the audit row is the one kept on purpose.
        Assert.Equal(["routing.privacy_audit.tenant_id"], CellsHolding("lumiere-bank").Distinct().ToArray());
        Assert.All(bank, c => Assert.Empty(CellsHolding(c.ToString())));
        Assert.NotEmpty(CellsHolding(insurer.ToString()));
        Assert.NotEmpty(CellsHolding("mosane-insurance"));

        var again = JsonDocument.Parse(await (await admin.PostAsync("/api/admin/tenants/lumiere-bank/erase", null))
            .Content.ReadAsStringAsync()).RootElement.GetProperty("modules");
        Assert.All(again.EnumerateObject().SelectMany(m => m.Value.EnumerateObject()), count => Assert.Equal(0, count.Value.GetInt32()));

        var audit = JsonDocument.Parse(await admin.GetStringAsync("/api/admin/privacy/audit")).RootElement;
        Assert.Equal(["tenant-erase", "tenant-erase"], audit.EnumerateArray().Select(e => e.GetProperty("action").GetString()!).ToArray());
    }

    [Fact]
    public async Task Export_IsAZipOfTheTenantsRecords_ForAdminsOnly()
    {
        using var pbx = await _platform.HttpAs("pbx");
        using var admin = await _platform.HttpAs("admin");
        var call = await QueueCallAsync(pbx, "lumiere-banking-fr");
        var other = await QueueCallAsync(pbx, "mosane-claims-fr");
        Assert.True((await pbx.DeleteAsync($"/api/telephony/calls/{call}")).IsSuccessStatusCode);
        await WaitUntilAsync(() => CellsHolding(call.ToString()).Any(cell => cell.StartsWith("slatracking.call_record")));

        var response = await admin.GetAsync("/api/admin/tenants/lumiere-bank/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        using var zip = new System.IO.Compression.ZipArchive(await response.Content.ReadAsStreamAsync());
        Assert.Contains("manifest.json", zip.Entries.Select(e => e.FullName));
        using var records = new StreamReader(zip.GetEntry("call_records.csv")!.Open());
        var lines = (await records.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains(call.ToString(), lines[1]);
        Assert.DoesNotContain(other.ToString(), string.Join("\n", lines));
        // The export is logged in SlaTracking's report access log.
        Assert.Contains("export-zip", await admin.GetStringAsync("/api/sla/report-accesses?tenantId=lumiere-bank"));

        using var supervisor = await _platform.HttpAs("supervisor");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/admin/tenants/no-such-client/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync("/api/admin/tenants/lumiere-bank/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _platform.Http().GetAsync("/api/admin/tenants/lumiere-bank/export")).StatusCode);
    }

    [Fact]
    public async Task UnknownTenant_Is404_AndOnlyAdminsMayErase()
    {
        using var admin = await _platform.HttpAs("admin");
        using var supervisor = await _platform.HttpAs("supervisor");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/admin/tenants/no-such-client/erase", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PostAsync("/api/admin/tenants/lumiere-bank/erase", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _platform.Http().PostAsync("/api/admin/tenants/lumiere-bank/erase", null)).StatusCode);
    }
}
