using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.SlaTracking.Consumers;
using CallCentre.SlaTracking.Data;
using CallCentre.SlaTracking.Reports.Packs;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using CallCentre.Hosting.Data;
using static CallCentre.SlaTracking.Tests.Calls;

namespace CallCentre.SlaTracking.Tests;

/// <summary>The monthly packs over HTTP on SQLite and PostgreSQL: issued for closed months only, versions never overwritten,
/// a tenant's own only, the offline check of docs/packs.md passing on a downloaded pack.</summary>
public abstract class PackApiTests<TPlatform>(TPlatform platform) : IClassFixture<TPlatform> where TPlatform : PackPlatform
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>10 Nov 2026 in Paris: two calls answered (one within the 20 s threshold) and one abandoned. Fixed ids.</summary>
    internal static async Task SeedAsync(CallRecordStore calls)
    {
        var t = Utc(2026, 11, 10, 9, 0);
        CallRecordStore.CallFacts Completed(string id, DateTimeOffset queuedAt, double wait, double talk) =>
            CallRecordConsumer.CallFactsOf(new CallLegEnded(Guid.Parse(id), Tenant, Queue, "agent-1", queuedAt, queuedAt.AddSeconds(wait),
                queuedAt.AddSeconds(wait + talk), CallLegEnd.Completed, talk, 0, 0, null));
        await calls.UpsertAsync(Completed("00000000-0000-0000-0000-0000000b0001", t, 15, 120), default);
        await calls.UpsertAsync(Completed("00000000-0000-0000-0000-0000000b0002", t.AddMinutes(20), 45, 60), default);
        await calls.UpsertAsync(new CallRecordStore.CallFacts(Guid.Parse("00000000-0000-0000-0000-0000000b0003"), Tenant, Queue,
            t.AddMinutes(40), AbandonedAt: t.AddMinutes(40).AddSeconds(30)), default);
    }

    internal static async Task<PackStore.PackVersion> IssueAsync(HttpClient http, string month, string? tenantId = null)
    {
        using var response = await http.PostAsJsonAsync("/api/sla/packs", new { tenantId, month });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PackStore.PackVersion>(Json))!;
    }

    [Fact]
    public async Task ADownloadedPack_PassesTheOfflineCheck_AndHoldsTheMonthsReportAndContactList()
    {
        await SeedAsync(platform.Calls);
        using var http = await platform.As("client-lumiere-bank");

        var issued = await IssueAsync(http, "2026-11");
        var zip = await http.GetByteArrayAsync($"/api/sla/packs/download?month=2026-11&version={issued.Version}");
        using var pack = new UnpackedPack(zip);

        Assert.Equal(["contacts-lumiere-bank-2026-11.csv", "manifest.json", "manifest.sig", "report-lumiere-bank-2026-11.pdf", "signing-key.pem"],
            Directory.GetFiles(pack.Folder).Select(f => Path.GetFileName(f)!).Order().ToArray());
        var signature = pack.Run(UnpackedPack.SignatureCheck);
        Assert.True(signature.ExitCode == 0, signature.Output);
        Assert.Equal("Verified OK", signature.Output.Trim());
        var files = pack.Run(UnpackedPack.FileCheck);
        Assert.True(files.ExitCode == 0, files.Output);
        Assert.Equal(2, files.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.EndsWith(": OK")));
        var manifest = PackManifest.Read(await File.ReadAllBytesAsync(pack.PathOf("manifest.json")))!;
        Assert.Equal(("lumiere-bank", "2026-11", issued.Version, PackPlatform.Now), (manifest.TenantId, manifest.Month, manifest.Version, manifest.IssuedAt));
        Assert.Equal(manifest.KeyId, pack.Run(UnpackedPack.KeyIdOfTheKey).Output.Trim());

        // The CSV is the month's contact list as the report API serves it; the PDF prints the month's figures.
        var contacts = await http.GetByteArrayAsync("/api/sla/reports/contacts?from=2026-11-01&to=2026-11-30&format=csv&lang=fr");
        Assert.Equal(contacts, await File.ReadAllBytesAsync(pack.PathOf("contacts-lumiere-bank-2026-11.csv")));
        Assert.Equal(4, Encoding.UTF8.GetString(contacts).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var text = pack.Run("pdftotext -layout report-lumiere-bank-2026-11.pdf -");
        Assert.True(text.ExitCode == 0, text.Output);
        Assert.Contains("Rapport de niveau de service — Banque Lumière", text.Output);
        Assert.Contains("Dossier mensuel signé · 2026-11", text.Output);
        var row = text.Output.Split('\n').Single(l => l.Contains("2026-11-10T00:00") && l.Contains("Banque Lumière — particuliers (FR)"));
        Assert.Matches(@"\b3\s+2\s+1\s+0\s+0\s+0\s+1\s+33,33\s+33,33\s+30\s+90\s+45\s+0\s*$", row);
    }

    [Fact]
    public async Task IssuingAgain_MakesANewVersion_AndLeavesTheFirstAsItWas()
    {
        using var http = await platform.As("admin");
        var first = await IssueAsync(http, "2026-09", "lumiere-bank");
        var before = await http.GetByteArrayAsync($"/api/sla/packs/download?tenantId=lumiere-bank&month=2026-09&version={first.Version}");

        var second = await IssueAsync(http, "2026-09", "lumiere-bank");
        var versions = await http.GetFromJsonAsync<List<PackStore.PackVersion>>("/api/sla/packs?tenantId=lumiere-bank&month=2026-09", Json);
        var after = await http.GetByteArrayAsync($"/api/sla/packs/download?tenantId=lumiere-bank&month=2026-09&version={first.Version}");
        var latest = await http.GetByteArrayAsync("/api/sla/packs/download?tenantId=lumiere-bank&month=2026-09");

        Assert.Equal(first.Version + 1, second.Version);
        Assert.Equal([second.Version, first.Version], versions!.Select(v => v.Version));
        Assert.Equal(Entry(before, "manifest.json"), Entry(after, "manifest.json"));
        Assert.Equal(Entry(before, "manifest.sig"), Entry(after, "manifest.sig"));
        Assert.Equal(second.Version, PackManifest.Read(Entry(latest, "manifest.json"))!.Version);
    }

    [Fact]
    public async Task TheDatabase_RefusesToChangeAnIssuedPack()
    {
        using var http = await platform.As("admin");
        var issued = await IssueAsync(http, "2026-08", "lumiere-bank");
        var database = platform.Services.GetRequiredService<ModuleDatabase<SlaTrackingModule>>();
        var key = new { Tenant = "lumiere-bank", Month = "2026-08", issued.Version };

        await Assert.ThrowsAnyAsync<Exception>(async () => await database.RunAsync((c, _) => c.ExecuteAsync(
            "UPDATE monthly_pack SET signature = manifest WHERE tenant_id = @Tenant AND month = @Month AND version = @Version", key)));
        await Assert.ThrowsAnyAsync<Exception>(async () => await database.RunAsync((c, _) => c.ExecuteAsync(
            "UPDATE monthly_pack_file SET content = name WHERE tenant_id = @Tenant AND month = @Month AND version = @Version", key)));

        var zip = await http.GetByteArrayAsync($"/api/sla/packs/download?tenantId=lumiere-bank&month=2026-08&version={issued.Version}");
        var verdict = await VerifyAsync(http, zip);
        Assert.True(verdict.Valid, string.Join("; ", verdict.Problems));
    }

    [Theory]
    [InlineData("2026-12")] // the current month
    [InlineData("2027-01")]
    public async Task AMonthNotClosed_IsA400NamingTheMonth(string month)
    {
        using var http = await platform.As("client-lumiere-bank");

        using var response = await http.PostAsJsonAsync("/api/sla/packs", new { month });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(month, problem.GetProperty("errors").GetProperty("month")[0].GetString());
        Assert.Empty((await http.GetFromJsonAsync<List<PackStore.PackVersion>>($"/api/sla/packs?month={month}", Json))!);
    }

    [Theory]
    [InlineData("""{"month":"2026-13"}""", "month")]
    [InlineData("""{"month":"11/2026"}""", "month")]
    [InlineData("""{}""", "month")]
    public async Task ABadBody_IsA400NamingTheField(string body, string field)
    {
        using var http = await platform.As("client-lumiere-bank");

        using var response = await http.PostAsync("/api/sla/packs", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task AnotherTenantsPack_IsNotFound_AndTheAttemptIsAudited()
    {
        using var lumiere = await platform.As("client-lumiere-bank");
        using var mosane = await platform.As("client-mosane-insurance");
        using var supervisor = await platform.As("supervisor-lumiere");
        await IssueAsync(lumiere, "2026-07");

        using var download = await mosane.GetAsync("/api/sla/packs/download?tenantId=lumiere-bank&month=2026-07");
        using var list = await mosane.GetAsync("/api/sla/packs?tenantId=lumiere-bank");
        using var issue = await supervisor.PostAsJsonAsync("/api/sla/packs", new { tenantId = "mosane-insurance", month = "2026-07" });
        using var own = await supervisor.GetAsync("/api/sla/packs/download?tenantId=lumiere-bank&month=2026-07");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.OK),
            (download.StatusCode, list.StatusCode, issue.StatusCode, own.StatusCode));
        Assert.Empty((await mosane.GetFromJsonAsync<List<PackStore.PackVersion>>("/api/sla/packs?month=2026-07", Json))!);
        using var admin = await platform.As("admin");
        var accesses = await admin.GetFromJsonAsync<List<ReportAccessLog.ReportAccess>>("/api/sla/report-accesses?tenantId=lumiere-bank", Json);
        Assert.Contains(accesses!, a => a is { Subject: "client-mosane-insurance", Format: "pack", Outcome: "not-found", PeriodFrom: "2026-07-01" });
        Assert.Contains(accesses!, a => a is { Subject: "client-lumiere-bank", Format: "pack-issue", Outcome: "served", PeriodTo: "2026-07-31" });
        Assert.Contains(accesses!, a => a is { Subject: "supervisor-lumiere", Format: "pack", Outcome: "served" });
    }

    internal static byte[] Entry(byte[] zip, string name)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        using var stream = archive.GetEntry(name)!.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    internal static async Task<MonthlyPacks.Verdict> VerifyAsync(HttpClient http, byte[] zip)
    {
        var content = new ByteArrayContent(zip);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        using var response = await http.PostAsync("/api/sla/packs/verify", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<MonthlyPacks.Verdict>(Json))!;
    }
}

public sealed class SqlitePackApiTests(SqlitePackPlatform platform) : PackApiTests<SqlitePackPlatform>(platform);

public sealed class PostgresPackApiTests(PostgresPackPlatform platform) : PackApiTests<PostgresPackPlatform>(platform);
