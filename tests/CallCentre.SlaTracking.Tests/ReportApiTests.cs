using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.SlaTracking.Consumers;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Data;
using MiniExcelLibs;
using static CallCentre.SlaTracking.Tests.Calls;

namespace CallCentre.SlaTracking.Tests;

/// <summary>The report API over HTTP: figures, formats, languages, validation, audit, contract versions.</summary>
public sealed class ReportApiTests(SlaPlatform platform) : IClassFixture<SlaPlatform>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private const string November = "tenantId=lumiere-bank&from=2026-11-01&to=2026-11-30";

    /// <summary>10 Nov 2026 in Paris (UTC+1). Fixed ids: seeding again changes nothing.</summary>
    private async Task SeedAsync()
    {
        var t = Utc(2026, 11, 10, 9, 0);
        CallRecordStore.CallFacts Completed(string id, string queue, DateTimeOffset queuedAt, double wait, double talk, double wrapUp) =>
            CallRecordConsumer.CallFactsOf(new CallLegEnded(Guid.Parse(id), Tenant, queue, "agent-1", queuedAt, queuedAt.AddSeconds(wait),
                queuedAt.AddSeconds(wait + talk), CallLegEnd.Completed, talk, 0, wrapUp, null));
        CallRecordStore.CallFacts[] calls =
        [
            Completed("00000000-0000-0000-0000-000000000001", Queue, t, 15, 120, 10),
            Completed("00000000-0000-0000-0000-000000000002", Queue, t.AddMinutes(20), 45, 60, 0),
            new(Guid.Parse("00000000-0000-0000-0000-000000000003"), Tenant, Queue, t.AddMinutes(40), AbandonedAt: t.AddMinutes(40).AddSeconds(30)),
            Completed("00000000-0000-0000-0000-000000000004", "lumiere-cards-fr", t.AddHours(1), 8, 30, 0),
        ];
        foreach (var call in calls)
            await platform.Calls.UpsertAsync(call, default);
    }

    [Fact]
    public async Task JsonReport_FiguresAreTheHandComputedOnes()
    {
        await SeedAsync();
        using var http = await platform.As("client-lumiere-bank");

        var report = await http.GetFromJsonAsync<SlaReport>($"/api/sla/reports?{November}", Json);

        var day = report!.Rows.Single(r => r.QueueId == Queue && r.Period == "2026-11-10T00:00").Figures;
        Assert.Equal((3L, 2L, 1L, 1L), (day.Offered, day.Answered, day.Abandoned, day.AnsweredWithinThreshold));
        Assert.Equal(1.0 / 3, day.ServiceLevel!.Value, 12);   // abandons in the denominator (the queue's default contract)
        Assert.Equal(30.0, day.AverageSpeedOfAnswerSeconds!.Value, 9);
        Assert.Equal(95.0, day.AverageHandleSeconds!.Value, 9); // (120 + 10 + 60) / 2
        Assert.Equal(45.0, day.LongestWaitSeconds, 9);
        var total = report.Rows.Single(r => r.QueueId == SlaReportBuilder.TotalQueueId && r.Period == "2026-11-10T00:00").Figures;
        Assert.Equal((4L, 2L, 4L), (total.Offered, total.ServiceLevelNumerator, total.ServiceLevelDenominator));
        Assert.Equal(30 * 4, report.Rows.Count); // 30 days × (3 queues + total)
        Assert.Equal("Europe/Paris", report.TimeZone);
        Assert.Contains(report.Contracts, c => c.QueueId == Queue && c.Version == 0 && c.ThresholdSeconds == 20);
        var compliance = report.Compliance.Single(c => c.QueueId == Queue);
        Assert.Equal((1, new TargetCount(0, 1), true), (compliance.PeriodsMeasured, compliance.ServiceLevel, compliance.Complete));
    }

    [Fact]
    public async Task IntervalReport_CutsQuarterHoursInTheTenantsZone()
    {
        await SeedAsync();
        using var http = await platform.As("admin");

        var report = await http.GetFromJsonAsync<SlaReport>(
            "/api/sla/reports?tenantId=lumiere-bank&from=2026-11-10&to=2026-11-10&granularity=interval&interval=15", Json);

        Assert.Equal(96 * 4, report!.Rows.Count);
        Assert.Equal(1, report.Rows.Single(r => r.QueueId == Queue && r.Period == "2026-11-10T10:00").Figures.Answered);
        Assert.Equal(1, report.Rows.Single(r => r.QueueId == Queue && r.Period == "2026-11-10T10:15").Figures.Offered);
        Assert.Equal(1, report.Rows.Single(r => r.QueueId == Queue && r.Period == "2026-11-10T10:30").Figures.Abandoned);
    }

    [Fact]
    public async Task Csv_IsInTheTenantsLanguageUnlessAskedOtherwise()
    {
        await SeedAsync();
        using var http = await platform.As("client-lumiere-bank");

        var french = await http.GetStringAsync($"/api/sla/reports?{November}&granularity=month&format=csv");
        using var english = new HttpRequestMessage(HttpMethod.Get, $"/api/sla/reports?{November}&granularity=month&format=csv");
        english.Headers.AcceptLanguage.ParseAdd("en-GB,en;q=0.8");
        var englishCsv = await (await http.SendAsync(english)).Content.ReadAsStringAsync();
        var forced = await http.GetStringAsync($"/api/sla/reports?{November}&granularity=month&format=csv&lang=fr");

        Assert.StartsWith("Période;Décalage UTC;File;", french.TrimStart('\uFEFF'));
        Assert.Contains("2026-11-01T00:00;UTC+01:00;Banque Lumière — particuliers (FR);0;80;20;3;2;1;0;0;0;1;33,33;33,33;30;95;45;0", french);
        Assert.StartsWith("Period,UTC offset,Queue,", englishCsv.TrimStart('\uFEFF'));
        Assert.Contains("Total,,,,4,3,1,0,0,0,2,50,25,", englishCsv);
        Assert.Equal(french, forced);
    }

    [Theory]
    [InlineData("nl", "Periode;UTC-verschil;Wachtrij;", "Totaal;", "33,33")]
    [InlineData("de", "Zeitraum;UTC-Versatz;Warteschlange;", "Gesamt;", "33,33")]
    public async Task Csv_InDutchOrGerman_HasTheLanguagesHeadingsAndDecimalComma(string lang, string headings, string total, string percent)
    {
        await SeedAsync();
        using var http = await platform.As("client-lumiere-bank");

        var csv = (await http.GetStringAsync($"/api/sla/reports?{November}&granularity=month&format=csv&lang={lang}")).TrimStart('\uFEFF');

        Assert.StartsWith(headings, csv);
        Assert.Contains("2026-11-01T00:00;UTC+01:00;Banque Lumière — particuliers (FR);0;80;20;3;2;1;0;0;0;1;" + percent + ";" + percent + ";30;95;45;0", csv);
        Assert.Contains(total, csv);
    }

    [Fact]
    public async Task AcceptLanguage_Dutch_GivesADutchReport_AndAnUnknownOneTheTenantsLanguage()
    {
        await SeedAsync();
        using var http = await platform.As("client-lumiere-bank");

        using var dutch = new HttpRequestMessage(HttpMethod.Get, $"/api/sla/reports?{November}&granularity=month");
        dutch.Headers.AcceptLanguage.ParseAdd("nl-BE,nl;q=0.9,en;q=0.5");
        var dutchReport = await (await http.SendAsync(dutch)).Content.ReadFromJsonAsync<SlaReport>(Json);
        using var spanish = new HttpRequestMessage(HttpMethod.Get, $"/api/sla/reports?{November}&granularity=month");
        spanish.Headers.AcceptLanguage.ParseAdd("es-ES");
        var tenantsReport = await (await http.SendAsync(spanish)).Content.ReadFromJsonAsync<SlaReport>(Json);

        Assert.Equal("nl", dutchReport!.Language);
        Assert.Equal("fr", tenantsReport!.Language);
    }

    [Fact]
    public async Task Html_InGerman_IsInGermanWithGermanNumbersAndDates()
    {
        await SeedAsync();
        using var http = await platform.As("client-lumiere-bank");

        var html = await http.GetStringAsync($"/api/sla/reports?{November}&granularity=month&format=html&lang=de");

        Assert.StartsWith("<!DOCTYPE html><html lang=\"de\">", html);
        Assert.Contains("Servicelevel-Bericht — Banque Lumière", html);
        Assert.Contains("Zeitraum: 01.11.2026 → 30.11.2026", html);
        Assert.Contains("Verwendete Vertragsversionen", html);
        Assert.Contains("<td>33,33</td>", html);
        Assert.DoesNotContain("Rapport de niveau de service", html);
    }

    [Fact]
    public async Task Xlsx_HasTheFiguresComplianceAndContractSheets()
    {
        await SeedAsync();
        using var http = await platform.As("client-lumiere-bank");

        using var response = await http.GetAsync($"/api/sla/reports?{November}&granularity=month&format=xlsx&lang=en");
        await using var xlsx = new MemoryStream(await response.Content.ReadAsByteArrayAsync());

        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(["Figures", "Monthly compliance", "Contract versions used"], MiniExcel.GetSheetNames(xlsx));
        var rows = xlsx.Query(useHeaderRow: true, sheetName: "Figures").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(4, rows.Count);
        var total = rows.Single(r => (string)r["Queue"] == "Total");
        Assert.Equal(4.0, Convert.ToDouble(total["Offered"]));
        Assert.Equal(50.0, Convert.ToDouble(total["Service level (%)"]));
    }

    [Fact]
    public async Task Html_IsAPrintablePageWithAChartAndTheContractVersion()
    {
        await SeedAsync();
        using var http = await platform.As("client-lumiere-bank");

        using var response = await http.GetAsync($"/api/sla/reports?{November}&format=html");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("<!DOCTYPE html><html lang=\"fr\">", html);
        Assert.Contains("Rapport de niveau de service — Banque Lumière", html);
        Assert.Contains("<svg", html);
        Assert.Contains("Versions de contrat utilisées", html);
        Assert.DoesNotContain("hash", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(November + "&granularity=week", "granularity")]
    [InlineData(November + "&format=pdf", "format")]
    [InlineData(November + "&lang=es", "lang")]
    [InlineData(November + "&granularity=interval&interval=20", "interval")]
    [InlineData("tenantId=lumiere-bank&from=2026-13-01&to=2026-11-30", "from")]
    [InlineData("tenantId=lumiere-bank&from=yesterday&to=2026-11-30", "from")]
    [InlineData("tenantId=lumiere-bank&to=2026-11-30", "from")]
    [InlineData("tenantId=lumiere-bank&from=2026-11-01", "to")]
    [InlineData("tenantId=lumiere-bank&from=2026-11-30&to=2026-11-01", "to")]
    [InlineData("tenantId=lumiere-bank&from=2025-01-01&to=2026-11-30", "to")]
    [InlineData("tenantId=lumiere-bank&from=2026-09-01&to=2026-11-30&granularity=interval", "to")]
    [InlineData("from=2026-11-01&to=2026-11-30", "tenantId")]
    [InlineData("from=2026-11-01&to=2026-11-30&tenantId=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "tenantId")]
    public Task BadQuery_IsAValidationProblemNamingTheField(string query, string field) =>
        AssertValidationProblemAsync("/api/sla/reports?" + query, field);

    private async Task AssertValidationProblemAsync(string url, string field)
    {
        using var http = await platform.As("admin");

        using var response = await http.GetAsync(url);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error on {field}: {problem}");
    }

    [Fact]
    public async Task Contacts_BehindARowAreItsCalls_CountedAsItsFigures_WithNoCallerData()
    {
        await SeedAsync();
        using var http = await platform.As("client-lumiere-bank");
        var report = await http.GetFromJsonAsync<SlaReport>($"/api/sla/reports?{November}", Json);
        var row = report!.Rows.Single(r => r.QueueId == Queue && r.Period == "2026-11-10T00:00");

        using var response = await http.GetAsync(
            $"/api/sla/reports/contacts?{November}&queueId={Queue}&rowStart={Uri.EscapeDataString(row.Start.ToString("o"))}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var contacts = JsonSerializer.Deserialize<List<ReportContact>>(text, Json)!;

        Assert.Equal(["00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000002", "00000000-0000-0000-0000-000000000003"],
            contacts.Select(c => c.ContactId.ToString()));
        Assert.Equal(["answered", "answered", "abandoned"], contacts.Select(c => c.Outcome));
        // Default contract: 20 s threshold, abandons in the denominator.
        Assert.Equal(["met", "missed", "missed"], contacts.Select(c => c.ServiceLevel));
        Assert.Equal([15.0, 45.0, 30.0], contacts.Select(c => c.WaitSeconds!.Value));
        Assert.Equal([130.0, 60.0], contacts.Where(c => c.HandleSeconds is not null).Select(c => c.HandleSeconds!.Value));
        Assert.Equal("2026-11-10T10:00", contacts[0].ArrivalLocal);
        Assert.All(contacts, c => Assert.Equal((0, "2026-11-10T00:00"), (c.ContractVersion, c.Period)));
        Assert.Equal(row.Figures.ServiceLevelNumerator, contacts.Count(c => c.ServiceLevel == "met"));
        Assert.Equal(row.Figures.ServiceLevelDenominator, contacts.Count(c => c.ServiceLevel != "not-counted"));
        Assert.DoesNotContain("caller", text, StringComparison.OrdinalIgnoreCase);

        // The whole month and every queue: the other queue's call too; the tenant's total row gives the same list.
        var month = await http.GetFromJsonAsync<List<ReportContact>>($"/api/sla/reports/contacts?{November}", Json);
        Assert.Equal(4, month!.Count);
        var total = await http.GetFromJsonAsync<List<ReportContact>>($"/api/sla/reports/contacts?{November}&queueId=*", Json);
        Assert.Equal(month.Select(c => c.ContactId), total!.Select(c => c.ContactId));
    }

    [Fact]
    public async Task ContactsCsv_IsInTheTenantsLanguage_AndAnotherTenantsContactsAre404()
    {
        await SeedAsync();
        using var client = await platform.As("client-lumiere-bank");
        using var csv = await client.GetAsync($"/api/sla/reports/contacts?{November}&format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Contact;File;Période;", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("00000000-0000-0000-0000-000000000001;", StringComparison.Ordinal) && l.Contains(";answered;130;"));

        using var intruder = await platform.As("client-mosane-insurance");
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync($"/api/sla/reports/contacts?{November}")).StatusCode);
        // A queue of another tenant is not a queue of this one.
        Assert.Equal(HttpStatusCode.NotFound,
            (await client.GetAsync($"/api/sla/reports/contacts?{November}&queueId=mosane-claims-fr")).StatusCode);
    }

    [Theory]
    [InlineData(November + "&format=xlsx", "format")]
    [InlineData(November + "&rowStart=tomorrow", "rowStart")]
    [InlineData(November + "&queueId=", "queueId")]
    [InlineData("tenantId=lumiere-bank&from=2026-09-01&to=2026-11-30", "to")]
    public Task BadContactsQuery_IsAValidationProblemNamingTheField(string query, string field) =>
        AssertValidationProblemAsync("/api/sla/reports/contacts?" + query, field);

    [Fact]
    public async Task EveryReportAccess_IsAudited_ServedOrRefused()
    {
        using var client = await platform.As("client-lumiere-bank");
        using var intruder = await platform.As("client-mosane-insurance");
        using var admin = await platform.As("admin");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/sla/reports?from=2026-10-01&to=2026-10-31&format=csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync("/api/sla/reports?tenantId=lumiere-bank&from=2026-09-01&to=2026-09-30")).StatusCode);
        var log = await admin.GetFromJsonAsync<List<ReportAccessLog.ReportAccess>>("/api/sla/report-accesses?tenantId=lumiere-bank", Json);

        Assert.Contains(log!, a => a is { Subject: "client-lumiere-bank", Roles: "client", PeriodFrom: "2026-10-01", PeriodTo: "2026-10-31",
            Format: "csv", Granularity: "day", Outcome: "served" });
        Assert.Contains(log!, a => a is { Subject: "client-mosane-insurance", PeriodFrom: "2026-09-01", Outcome: "not-found" });
        Assert.All(log!, a => Assert.Equal("lumiere-bank", a.TenantId));
    }

    [Fact]
    public async Task NewContractVersion_IsUsedForThePeriodsItIsInForce()
    {
        using var admin = await platform.As("admin");
        var t = Utc(2026, 11, 10, 9, 0);
        await platform.Calls.UpsertAsync(new CallRecordStore.CallFacts(Guid.NewGuid(), "helvet-telecom", "helvet-support-fr", t,
            AnsweredAt: t.AddSeconds(25)), default);
        await platform.Calls.UpsertAsync(new CallRecordStore.CallFacts(Guid.NewGuid(), "helvet-telecom", "helvet-support-fr", t.AddDays(-30),
            AnsweredAt: t.AddDays(-30).AddSeconds(25)), default);

        using var created = await admin.PostAsJsonAsync("/api/sla/contracts", new
        {
            tenantId = "helvet-telecom", queueId = "helvet-support-fr", effectiveFrom = "2026-11-01T00:00:00+01:00", serviceLevelTarget = 0.9,
            thresholdSeconds = 30, period = "day", penaltyPerMissedPeriod = 100, currency = "CHF",
        });
        var contract = await created.Content.ReadFromJsonAsync<SlaContract>(Json);
        var report = await admin.GetFromJsonAsync<SlaReport>(
            "/api/sla/reports?tenantId=helvet-telecom&from=2026-10-01&to=2026-11-30&granularity=month", Json);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal((1, 30), (contract!.Version, contract.ThresholdSeconds));
        var october = report!.Rows.Single(r => r.QueueId == "helvet-support-fr" && r.Period == "2026-10-01T00:00");
        var november = report.Rows.Single(r => r.QueueId == "helvet-support-fr" && r.Period == "2026-11-01T00:00");
        Assert.Equal((0, 0L), (october.ContractVersion!.Value, october.Figures.AnsweredWithinThreshold)); // the 20 s default
        Assert.Equal((1, 1L), (november.ContractVersion!.Value, november.Figures.AnsweredWithinThreshold)); // 30 s from 1 Nov
        Assert.Contains(report.Contracts, c => c.QueueId == "helvet-support-fr" && c.Version == 1 && c.Currency == "CHF");

        var list = await admin.GetFromJsonAsync<JsonElement>("/api/sla/contracts?tenantId=helvet-telecom");
        Assert.Single(list.GetProperty("versions").EnumerateArray(), v => v.GetProperty("queueId").GetString() == "helvet-support-fr");
        Assert.Equal(3, list.GetProperty("defaults").GetArrayLength());
    }

    [Fact]
    public async Task ChatContract_CountsAQueuesChatsApartFromItsCalls_AndTheContactListNarrowsByKind()
    {
        using var admin = await platform.As("admin");
        var t = Utc(2026, 9, 14, 9, 0);
        await platform.Calls.UpsertAsync(new CallRecordStore.CallFacts(Guid.NewGuid(), "helvet-telecom", "helvet-support-de", t,
            AnsweredAt: t.AddSeconds(15), IsArrival: true), default);
        var chatId = Guid.NewGuid();
        await platform.Calls.UpsertAsync(new CallRecordStore.CallFacts(chatId, "helvet-telecom", "helvet-support-de", t,
            AnsweredAt: t.AddSeconds(45), IsArrival: true, Kind: ContactKinds.Chat), default);

        using var created = await admin.PostAsJsonAsync("/api/sla/contracts", new
        {
            tenantId = "helvet-telecom", queueId = "helvet-support-de", kind = "chat", effectiveFrom = "2026-09-01T00:00:00Z",
            serviceLevelTarget = 0.9, thresholdSeconds = 60,
        });
        var report = await admin.GetFromJsonAsync<SlaReport>(
            "/api/sla/reports?tenantId=helvet-telecom&from=2026-09-14&to=2026-09-14&granularity=day&lang=en", Json);
        var chats = await admin.GetFromJsonAsync<List<ReportContact>>(
            "/api/sla/reports/contacts?tenantId=helvet-telecom&from=2026-09-14&to=2026-09-14&granularity=day&queueId=helvet-support-de&kind=chat", Json);
        using var badKind = await admin.GetAsync(
            "/api/sla/reports/contacts?tenantId=helvet-telecom&from=2026-09-14&to=2026-09-14&granularity=day&kind=fax");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var voice = report!.Rows.Single(r => r.QueueId == "helvet-support-de" && r.Kind == ContactKinds.Voice);
        var chat = report.Rows.Single(r => r.QueueId == "helvet-support-de" && r.Kind == ContactKinds.Chat);
        Assert.Equal((1L, 1L), (voice.Figures.Offered, voice.Figures.AnsweredWithinThreshold));
        Assert.Equal((1L, 1L, 1, 60), (chat.Figures.Offered, chat.Figures.AnsweredWithinThreshold, chat.ContractVersion!.Value, chat.ThresholdSeconds!.Value));
        Assert.EndsWith("· Chat", chat.QueueName);
        Assert.Equal(1, report.Rows.Single(r => r.QueueId == SlaReportBuilder.TotalQueueId && r.Kind == ContactKinds.Chat).Figures.Offered);
        Assert.Contains(report.Contracts, c => c.QueueId == "helvet-support-de" && c.Kind == ContactKinds.Chat && c.Version == 1);
        Assert.Equal(chatId, Assert.Single(chats!).ContactId);
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        Assert.Contains("kind", await badKind.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EmailContractInBusinessHours_JudgesTheWaitWithinThem_AndTheContactListShowsThatWait()
    {
        using var admin = await platform.As("admin");
        var t = Utc(2026, 9, 15, 15, 0);
        // Answered 18 hours later, 3 of them in business hours; another after 30 hours, 9 of them.
        var within = Guid.NewGuid();
        await platform.Calls.UpsertAsync(new CallRecordStore.CallFacts(within, "helvet-telecom", "helvet-support-fr", t,
            AnsweredAt: t.AddHours(18), IsArrival: true, Kind: ContactKinds.Email, AnsweredBusinessMilliseconds: 3 * 3_600_000), default);
        await platform.Calls.UpsertAsync(new CallRecordStore.CallFacts(Guid.NewGuid(), "helvet-telecom", "helvet-support-fr", t,
            AnsweredAt: t.AddHours(30), IsArrival: true, Kind: ContactKinds.Email, AnsweredBusinessMilliseconds: 9 * 3_600_000), default);

        using var created = await admin.PostAsJsonAsync("/api/sla/contracts", new
        {
            tenantId = "helvet-telecom", kind = "email", waitClock = "business", effectiveFrom = "2026-09-01T00:00:00Z",
            serviceLevelTarget = 0.9, thresholdSeconds = 8 * 3600,
        });
        var report = await admin.GetFromJsonAsync<SlaReport>(
            "/api/sla/reports?tenantId=helvet-telecom&from=2026-09-15&to=2026-09-15&granularity=day&lang=en", Json);
        var emails = await admin.GetFromJsonAsync<List<ReportContact>>(
            "/api/sla/reports/contacts?tenantId=helvet-telecom&from=2026-09-15&to=2026-09-15&granularity=day&kind=email", Json);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var line = report!.Rows.Single(r => r.QueueId == "helvet-support-fr" && r.Kind == ContactKinds.Email);
        Assert.Equal((2L, 1L, 8 * 3600), (line.Figures.Answered, line.Figures.AnsweredWithinThreshold, line.ThresholdSeconds!.Value));
        Assert.Contains(report.Contracts, c => c.Kind == ContactKinds.Email && c.WaitClock == WaitClocks.Business);
        Assert.Equal([3 * 3600.0, 9 * 3600.0], emails!.Select(c => c.WaitSeconds!.Value).Order());
        Assert.True(emails!.Single(c => c.ContactId == within).WithinThreshold);
    }

    [Theory]
    [InlineData("""{"tenantId":"helvet-telecom","serviceLevelTarget":1.5,"thresholdSeconds":20}""", "serviceLevelTarget")]
    [InlineData("""{"tenantId":"helvet-telecom","serviceLevelTarget":0.8}""", "thresholdSeconds")]
    [InlineData("""{"tenantId":"nobody","serviceLevelTarget":0.8,"thresholdSeconds":20}""", "tenantId")]
    [InlineData("""{"tenantId":"helvet-telecom","queueId":"lumiere-cards-fr","serviceLevelTarget":0.8,"thresholdSeconds":20}""", "queueId")]
    [InlineData("""{"tenantId":"helvet-telecom","serviceLevelTarget":0.8,"thresholdSeconds":20,"period":"week"}""", "period")]
    [InlineData("""{"tenantId":"helvet-telecom","serviceLevelTarget":0.8,"thresholdSeconds":20,"currency":"euro"}""", "currency")]
    [InlineData("""{"tenantId":"helvet-telecom","serviceLevelTarget":0.8,"thresholdSeconds":20,"kind":"fax"}""", "kind")]
    [InlineData("""{"tenantId":"helvet-telecom","serviceLevelTarget":0.8,"thresholdSeconds":20,"waitClock":"business"}""", "waitClock")]
    [InlineData("""{"tenantId":"helvet-telecom","serviceLevelTarget":0.8,"thresholdSeconds":20,"kind":"email","waitClock":"office"}""", "waitClock")]
    [InlineData("""{"tenantId":"helvet-telecom","serviceLevelTarget":0.8,"thresholdSeconds":20,"callbackAnswer":"firstDial"}""", "callbackAnswer")]
    [InlineData("""{"tenantId":"helvet-telecom","serviceLevelTarget":0.8,"thresholdSeconds":20,"kind":"callback","callbackAnswer":"soon"}""", "callbackAnswer")]
    [InlineData("""{"tenantId":"helvet-telecom","serviceLevelTarget":0.8,"thresholdSeconds":7200}""", "thresholdSeconds")]
    [InlineData("""{"tenantId":"helvet-telecom","serviceLevelTarget":0.8,"thresholdSeconds":2592001,"kind":"email"}""", "thresholdSeconds")]
    [InlineData("""{"tenantId":"helvet-telecom","queueId":"helvet-support-en","serviceLevelTarget":0.8,"thresholdSeconds":20,"effectiveFrom":"2026-01-01T00:00:00Z"}""", "effectiveFrom")]
    public async Task BadContract_IsAValidationProblemNamingTheField(string body, string field)
    {
        using var admin = await platform.As("admin");
        // helvet-support-en already has a version from 2026-06-01: an earlier start is refused.
        await admin.PostAsJsonAsync("/api/sla/contracts", new
        {
            tenantId = "helvet-telecom", queueId = "helvet-support-en", effectiveFrom = "2026-06-01T00:00:00Z", serviceLevelTarget = 0.7,
            thresholdSeconds = 30,
        });

        using var response = await admin.PostAsync("/api/sla/contracts", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error on {field}: {problem}");
    }

    [Theory]
    [InlineData("supervisor")]
    [InlineData("client-lumiere-bank")]
    [InlineData("agent01")]
    public async Task ContractVersion_OnlyAnAdminAddsOne(string role)
    {
        using var http = await platform.As(role);

        using var response = await http.PostAsJsonAsync("/api/sla/contracts", new { tenantId = "lumiere-bank", serviceLevelTarget = 0.5, thresholdSeconds = 60 });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task MalformedContractBody_IsA400()
    {
        using var admin = await platform.As("admin");

        using var response = await admin.PostAsync("/api/sla/contracts", new StringContent("{\"tenantId\": 12", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
