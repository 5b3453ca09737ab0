using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Auth;
using CallCentre.SlaTracking.Api;
using CallCentre.SlaTracking.Consumers;
using CallCentre.SlaTracking.Data;
using CallCentre.SlaTracking.Reports.Packs;
using Microsoft.Extensions.DependencyInjection;
using CallCentre.Testing;
using MimeKit;
using MiniExcelLibs;
using static CallCentre.SlaTracking.Tests.Calls;

namespace CallCentre.SlaTracking.Tests.Delivery;

/// <summary>Scheduled e-mail of a report to a real SMTP server, the clock moved to the schedule's due point.</summary>
public abstract class DeliveryTests(bool postgres)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private const string Schedules = "/api/sla/tenants/lumiere-bank/delivery-schedules";
    private const string Log = "/api/sla/tenants/lumiere-bank/deliveries";

    [Fact]
    public async Task DueDailySchedule_MailsYesterdaysReport_ToItsRecipients_OncePerPeriod()
    {
        using var sink = new SmtpSink();
        using var platform = new DeliveryPlatform(sink.Port, postgres, Utc(2026, 11, 8, 20, 0));
        await SeedSundayAsync(platform);
        using var supervisor = await platform.As("supervisor-lumiere");
        using var created = await supervisor.PostAsJsonAsync(Schedules, new
        {
            frequency = "daily", time = "07:00", recipients = new[] { "ops@lumiere.example", "sla@lumiere.example" },
            attachments = new[] { "xlsx", "html", "pdf" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var schedule = (await created.Content.ReadFromJsonAsync<DeliveryApi.ScheduleResponse>(Json))!;
        Assert.Equal(Utc(2026, 11, 9, 6, 0), schedule.NextDueAt);   // 07:00 in Paris (UTC+1)

        Assert.Equal(0, await platform.Worker.RunDueAsync(default));
        platform.Clock.Now = Utc(2026, 11, 9, 6, 0, 5);
        var mail = Assert.Single(await sink.WaitForAsync(1));

        Assert.Equal(["ops@lumiere.example", "sla@lumiere.example"], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("ops@lumiere.example, sla@lumiere.example", mail.Headers["X-Envelope-To"]);
        Assert.Equal("Rapport de niveau de service : Banque Lumière, du 08/11/2026 au 08/11/2026", mail.Subject);
        Assert.Contains("https://reports.example/portal.html", mail.TextBody);
        var files = mail.Attachments.OfType<MimePart>().ToDictionary(a => a.FileName ?? "");
        Assert.Equal(["sla-lumiere-bank-2026-11-08-2026-11-08.html", "sla-lumiere-bank-2026-11-08-2026-11-08.pdf",
            "sla-lumiere-bank-2026-11-08-2026-11-08.xlsx"], files.Keys.Order());
        await using var pdf = new MemoryStream();
        await files["sla-lumiere-bank-2026-11-08-2026-11-08.pdf"].Content!.DecodeToAsync(pdf);
        Assert.Equal("application/pdf", files["sla-lumiere-bank-2026-11-08-2026-11-08.pdf"].ContentType.MimeType);
        Assert.Contains("Banque Lumière", PdfText(pdf.ToArray()));
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", files["sla-lumiere-bank-2026-11-08-2026-11-08.xlsx"].ContentType.MimeType);
        await using var xlsx = new MemoryStream();
        await files["sla-lumiere-bank-2026-11-08-2026-11-08.xlsx"].Content!.DecodeToAsync(xlsx);
        xlsx.Position = 0;
        var totals = xlsx.Query(useHeaderRow: true, sheetName: "Chiffres").Cast<IDictionary<string, object>>()
            .Where(r => (string)r["File"] == "Total").ToList();
        Assert.Equal(48, totals.Count);   // the day's 30-minute intervals
        Assert.Equal(2.0, totals.Sum(r => Convert.ToDouble(r["Appels présentés"])));
        await using var html = new MemoryStream();
        await files["sla-lumiere-bank-2026-11-08-2026-11-08.html"].Content!.DecodeToAsync(html);
        Assert.Contains("Rapport de niveau de service — Banque Lumière", System.Text.Encoding.UTF8.GetString(html.ToArray()));

        var sent = Assert.Single(await LogAsync(platform, 1, Roles.Client));
        Assert.Equal((schedule.Id, "2026-11-08", 1, "sent", (string?)null), (sent.ScheduleId, sent.Period, sent.Attempt, sent.Status, sent.Error));
        Assert.Equal(["ops@lumiere.example", "sla@lumiere.example"], sent.Recipients);

        // Later rounds, of this replica or of another, send nothing more for the period.
        platform.Clock.Now = Utc(2026, 11, 9, 9, 0);
        Assert.Equal(0, await platform.Worker.RunDueAsync(default));
        Assert.Equal(0, await platform.NewReplica().RunDueAsync(default));
        Assert.Single(sink.Messages());
        using var client = platform.Fresh(Roles.Client);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/sla/tenants/mosane-insurance/deliveries")).StatusCode);
    }

    [Fact]
    public async Task ScheduleInDutch_MailsTheReportInDutch_WithBelgianDates()
    {
        using var sink = new SmtpSink();
        using var platform = new DeliveryPlatform(sink.Port, postgres, Utc(2026, 11, 8, 20, 0));
        await SeedSundayAsync(platform);
        using var supervisor = await platform.As("supervisor-lumiere");
        (await supervisor.PostAsJsonAsync(Schedules, new
        {
            frequency = "daily", time = "07:00", recipients = new[] { "ops@lumiere.example" }, attachments = new[] { "xlsx", "html" },
            language = "nl",
        })).EnsureSuccessStatusCode();

        platform.Clock.Now = Utc(2026, 11, 9, 6, 0, 5);
        var mail = Assert.Single(await sink.WaitForAsync(1));

        Assert.Equal("Serviceniveaurapport: Banque Lumière, van 8/11/2026 tot 8/11/2026", mail.Subject);
        Assert.StartsWith("In de bijlage vindt u het serviceniveaurapport van Banque Lumière", mail.TextBody);
        var files = mail.Attachments.OfType<MimePart>().ToDictionary(a => Path.GetExtension(a.FileName ?? ""));
        await using var xlsx = new MemoryStream();
        await files[".xlsx"].Content!.DecodeToAsync(xlsx);
        xlsx.Position = 0;
        Assert.Equal(["Cijfers", "Maandelijkse naleving", "Gebruikte contractversies"], MiniExcel.GetSheetNames(xlsx));
        var totals = xlsx.Query(useHeaderRow: true, sheetName: "Cijfers").Cast<IDictionary<string, object>>()
            .Where(r => (string)r["Wachtrij"] == "Totaal").ToList();
        Assert.Equal(2.0, totals.Sum(r => Convert.ToDouble(r["Aangeboden oproepen"])));
        await using var html = new MemoryStream();
        await files[".html"].Content!.DecodeToAsync(html);
        Assert.StartsWith("<!DOCTYPE html><html lang=\"nl\">", System.Text.Encoding.UTF8.GetString(html.ToArray()));
    }

    [Fact]
    public async Task SmtpServerDown_RetriesWithDoublingDelays_LogsEachAttempt_ThenSends()
    {
        using var sink = new SmtpSink();
        sink.Stop();
        using var platform = new DeliveryPlatform(sink.Port, postgres, Utc(2026, 11, 9, 6, 0));
        using var supervisor = await platform.As("supervisor-lumiere");
        (await supervisor.PostAsJsonAsync(Schedules, new
        {
            frequency = "weekly", weekday = "monday", time = "08:00", recipients = new[] { "ops@lumiere.example" },
            attachments = new[] { "html" }, language = "en",
        })).EnsureSuccessStatusCode();

        platform.Clock.Now = Utc(2026, 11, 9, 7, 0, 1);
        var first = (await LogAsync(platform, 1))[0];
        Assert.Equal(("2026-11-02/2026-11-08", 1, "retrying"), (first.Period, first.Attempt, first.Status));
        Assert.False(string.IsNullOrEmpty(first.Error));

        platform.Clock.Now = first.AttemptedAt.AddSeconds(55);
        Assert.Equal(0, await platform.Worker.RunDueAsync(default));
        platform.Clock.Now = first.AttemptedAt.AddMinutes(1);
        var second = (await LogAsync(platform, 2))[0];
        Assert.Equal((2, "retrying"), (second.Attempt, second.Status));

        sink.Start();
        platform.Clock.Now = second.AttemptedAt.AddSeconds(115);   // the second delay is two minutes
        Assert.Equal(0, await platform.Worker.RunDueAsync(default));
        platform.Clock.Now = second.AttemptedAt.AddMinutes(2);
        var third = (await LogAsync(platform, 3))[0];
        Assert.Equal((3, "sent", (string?)null), (third.Attempt, third.Status, third.Error));
        var mail = Assert.Single(await sink.WaitForAsync(1));
        Assert.Equal("Service-level report: Banque Lumière, 02/11/2026 to 08/11/2026", mail.Subject);
    }

    [Fact]
    public async Task MonthlySchedule_AttachesTheSignedPack_WhichVerifies_AndFailsAfterAnyByteChanges()
    {
        using var sink = new SmtpSink();
        using var platform = new DeliveryPlatform(sink.Port, postgres, Utc(2026, 11, 30, 12, 0));
        await SeedSundayAsync(platform);
        using var supervisor = await platform.As("supervisor-lumiere");
        (await supervisor.PostAsJsonAsync(Schedules, new
        {
            frequency = "monthly", dayOfMonth = 1, time = "06:30", recipients = new[] { "ops@lumiere.example" }, attachments = new[] { "pack", "pdf" },
        })).EnsureSuccessStatusCode();

        platform.Clock.Now = Utc(2026, 12, 1, 5, 30, 5);
        var mail = Assert.Single(await sink.WaitForAsync(1));

        var files = mail.Attachments.OfType<MimePart>().ToDictionary(a => a.FileName ?? "");
        Assert.Equal(["pack-lumiere-bank-2026-11-v1.zip", "sla-lumiere-bank-2026-11-01-2026-11-30.pdf"], files.Keys.Order());
        Assert.Equal("application/zip", files["pack-lumiere-bank-2026-11-v1.zip"].ContentType.MimeType);
        await using var zip = new MemoryStream();
        await files["pack-lumiere-bank-2026-11-v1.zip"].Content!.DecodeToAsync(zip);
        var bytes = zip.ToArray();
        var packs = platform.Services.GetRequiredService<MonthlyPacks>();
        var verdict = packs.VerifyZip(bytes)!;
        Assert.True(verdict.Valid && verdict.FilesChecked, string.Join("; ", verdict.Problems));
        Assert.Equal(("lumiere-bank", "2026-11", 1), (verdict.TenantId, verdict.Month, verdict.Version));
        using (var archive = new System.IO.Compression.ZipArchive(new MemoryStream(bytes)))
        {
            var csv = archive.Entries.Single(e => e.Name == "contacts-lumiere-bank-2026-11.csv");
            using var reader = new StreamReader(csv.Open());
            Assert.Equal(3, (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // header and the two calls
        }
        // The same signed version the pack API serves.
        using var staff = platform.Fresh(Roles.Supervisor);
        using var download = await staff.GetAsync("/api/sla/packs/download?tenantId=lumiere-bank&month=2026-11");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());

        // Every file of the pack, manifest and signature included, one byte changed at a time (a sample of positions per file).
        var entries = Unzip(bytes);
        foreach (var (name, content) in entries)
            for (var at = 0; at < content.Length; at += Math.Max(1, content.Length / 17))
            {
                var changed = entries.ToDictionary(e => e.Key, e => e.Key == name ? (byte[])e.Value.Clone() : e.Value);
                changed[name][at] ^= 0x01;
                Assert.False(packs.VerifyZip(Rezip(changed)) is { Valid: true }, $"byte {at} of {name} changed and the pack still verifies");
            }
    }

    private static Dictionary<string, byte[]> Unzip(byte[] zip)
    {
        using var archive = new System.IO.Compression.ZipArchive(new MemoryStream(zip));
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var content = new MemoryStream();
            using (var stream = e.Open())
                stream.CopyTo(content);
            return content.ToArray();
        });
    }

    private static byte[] Rezip(Dictionary<string, byte[]> entries)
    {
        using var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in entries)
            {
                using var stream = archive.CreateEntry(name).Open();
                stream.Write(content);
            }
        return zip.ToArray();
    }

    [Fact]
    public async Task SmtpServerDownThroughEveryAttempt_LogsTheDeliveryFailed_AndStops()
    {
        using var sink = new SmtpSink();
        sink.Stop();
        using var platform = new DeliveryPlatform(sink.Port, postgres, Utc(2026, 11, 30, 12, 0));
        using var admin = await platform.As("admin");
        (await admin.PostAsJsonAsync(Schedules, new
        {
            frequency = "monthly", dayOfMonth = 1, time = "06:30", recipients = new[] { "ops@lumiere.example" }, attachments = new[] { "xlsx" },
        })).EnsureSuccessStatusCode();

        platform.Clock.Now = Utc(2026, 12, 1, 5, 30);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var latest = (await LogAsync(platform, attempt))[0];
            Assert.Equal(("2026-11-01/2026-11-30", attempt, attempt < 3 ? "retrying" : "failed"), (latest.Period, latest.Attempt, latest.Status));
            platform.Clock.Now = latest.AttemptedAt.AddHours(1);
        }
        Assert.Equal(0, await platform.Worker.RunDueAsync(default));
        Assert.Equal(3, (await LogAsync(platform, 3)).Count);
    }

    private static string PdfText(byte[] pdf)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, pdf);
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("pdftotext", [path, "-"]) { RedirectStandardOutput = true })!;
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
            return text;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<List<DeliveryLogEntry>> LogAsync(DeliveryPlatform platform, int entries, string role = Roles.Supervisor) =>
        await TestInfrastructure.EventuallyAsync(async () =>
        {
            using var http = platform.Fresh(role);
            return await http.GetFromJsonAsync<List<DeliveryLogEntry>>(Log, Json) is { } log && log.Count >= entries ? log : null;
        }, $"{entries} entries in the delivery log");

    /// <summary>Two answered calls on Sunday 8 Nov 2026 in Paris.</summary>
    private static async Task SeedSundayAsync(DeliveryPlatform platform)
    {
        foreach (var (id, at) in new[] { (1, Utc(2026, 11, 8, 9, 0)), (2, Utc(2026, 11, 8, 15, 20)) })
            await platform.Calls.UpsertAsync(CallRecordConsumer.CallFactsOf(new CallLegEnded(Guid.Parse($"00000000-0000-0000-0000-00000000000{id}"),
                Tenant, Queue, "agent-1", at, at.AddSeconds(10), at.AddSeconds(70), CallLegEnd.Completed, 60, 0, 5, null)), default);
    }
}

public sealed class SqliteDeliveryTests() : DeliveryTests(postgres: false);

public sealed class PostgresDeliveryTests() : DeliveryTests(postgres: true);
