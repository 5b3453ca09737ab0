using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.SlaTracking.Consumers;
using CallCentre.SlaTracking.Data;
using CallCentre.SlaTracking.Reports;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using static CallCentre.SlaTracking.Tests.Calls;

namespace CallCentre.SlaTracking.Tests;

/// <summary>GET /api/sla/agent-report over HTTP: staff only, a supervisor's tenants only, validation, the four formats.</summary>
public sealed class AgentReportApiTests(SlaPlatform platform) : IClassFixture<SlaPlatform>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private const string Days = "from=2026-10-05&to=2026-10-05";

    /// <summary>5 Oct 2026: agent01 answers a lumiere-bank call (120 s talk, 20 s hold, 10 s wrap-up) after declining it once, and a
    /// mosane-insurance call (60 s talk). Fixed ids: seeding again changes nothing.</summary>
    private async Task SeedAsync()
    {
        var t = Utc(2026, 10, 5, 9, 0);
        Guid own = Guid.Parse("00000000-0000-0000-0000-00000000a001"), other = Guid.Parse("00000000-0000-0000-0000-00000000a002");
        var offers = platform.Services.GetRequiredService<AgentReportStore>();
        await offers.RecordOfferAsync(own, Own, Queue, "agent01", t.AddSeconds(5), OfferReturn.Rejected, t.AddSeconds(8), default);
        await offers.RecordOfferAsync(own, Own, Queue, "agent01", t.AddSeconds(10), null, null, default);
        await offers.RecordOfferAsync(other, Other, "mosane-claims-nl", "agent01", t.AddMinutes(10), null, null, default);
        await platform.Calls.UpsertAsync(CallRecordConsumer.CallFactsOf(new CallLegEnded(own, Own, Queue, "agent01", t, t.AddSeconds(12),
            t.AddSeconds(152), CallLegEnd.Completed, 120, 20, 10, null)), default);
        await platform.Calls.UpsertAsync(CallRecordConsumer.CallFactsOf(new CallLegEnded(other, Other, "mosane-claims-nl", "agent01",
            t.AddMinutes(10), t.AddMinutes(10).AddSeconds(3), t.AddMinutes(11).AddSeconds(3), CallLegEnd.Completed, 60, 0, 0, null)), default);
    }

    private const string Own = SlaPlatform.Own, Other = SlaPlatform.Other;

    [Fact]
    public async Task Supervisor_SeesOnlyTheCallsOfTheTenantsTheTokenGrants()
    {
        await SeedAsync();
        using var lumiere = await platform.As("supervisor-lumiere");
        using var admin = await platform.As("admin");

        var own = await lumiere.GetFromJsonAsync<AgentPerformanceReport>($"/api/sla/agent-report?{Days}", Json);
        var all = await admin.GetFromJsonAsync<AgentPerformanceReport>($"/api/sla/agent-report?{Days}", Json);

        Assert.Equal([Own], own!.TenantIds);
        var agent = Assert.Single(own.Rows, r => r.AgentId == "agent01" && r.Period == AgentPerformanceReport.Total);
        Assert.Equal(("Karim Chraibi", 2L, 1L, 1L, 150.0), (agent.AgentName, agent.Offered, agent.Answered, agent.Rejected, agent.HandleSeconds));
        var everyone = Assert.Single(all!.Rows, r => r.AgentId == "agent01" && r.Period == AgentPerformanceReport.Total);
        Assert.Equal((3L, 2L, 210.0), (everyone.Offered, everyone.Answered, everyone.HandleSeconds));
        Assert.Equal("Africa/Casablanca", own.TimeZone);
    }

    [Theory]
    [InlineData("client-lumiere-bank", HttpStatusCode.Forbidden)]
    [InlineData("agent01", HttpStatusCode.Forbidden)]
    [InlineData("anonymous", HttpStatusCode.Unauthorized)]
    public async Task NotStaff_IsRefused(string who, HttpStatusCode expected)
    {
        using var http = await platform.As(who);
        using var response = await http.GetAsync($"/api/sla/agent-report?tenantId={Own}&{Days}");
        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData(Other)]
    [InlineData("no-such-tenant")]
    public async Task AnotherOrAnUnknownTenant_IsNotFound(string tenant)
    {
        using var http = await platform.As("supervisor-lumiere");
        using var response = await http.GetAsync($"/api/sla/agent-report?tenantId={tenant}&{Days}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("from=2026-10-05&to=2026-10-01", "to")]
    [InlineData("from=2026-10-05", "to")]
    [InlineData("from=5/10/2026&to=2026-10-05", "from")]
    [InlineData("from=2026-01-01&to=2026-12-31&granularity=interval", "to")]
    [InlineData("from=2026-10-05&to=2026-10-05&granularity=week", "granularity")]
    [InlineData("from=2026-10-05&to=2026-10-05&format=pdf", "format")]
    [InlineData("from=2026-10-05&to=2026-10-05&team=Nobody", "team")]
    public async Task BadInput_Is400ProblemDetailsNamingTheField(string query, string field)
    {
        using var http = await platform.As("supervisor");
        using var response = await http.GetAsync($"/api/sla/agent-report?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error on {field}: {problem}");
    }

    [Fact]
    public async Task Csv_Xlsx_Html_CarryTheSameFigures()
    {
        await SeedAsync();
        using var http = await platform.As("supervisor-lumiere");

        var csv = (await http.GetStringAsync($"/api/sla/agent-report?{Days}&format=csv&lang=en")).TrimStart('\uFEFF');
        using var xlsxResponse = await http.GetAsync($"/api/sla/agent-report?{Days}&format=xlsx&lang=en");
        await using var xlsx = new MemoryStream(await xlsxResponse.Content.ReadAsByteArrayAsync());
        var html = await http.GetStringAsync($"/api/sla/agent-report?{Days}&format=html&lang=fr");

        Assert.StartsWith("Agent,Team,Period,UTC offset,Offered,Answered,Missed (RONA),Rejected,Transfers,Talk (s),Hold (s),", csv);
        Assert.Contains("Karim Chraibi (agent01),Banking,total,,2,1,0,1,0,120,20,10,150,120,20,10,150,", csv);
        Assert.Contains("Team Banking,Banking,total,,2,1,0,1,0,120,20,10,150,120,20,10,150,", csv);
        Assert.Contains("Centre,,total,,2,1,0,1,0,120,20,10,150,120,20,10,150,", csv);
        Assert.Equal(["Agent performance", "Handle time distribution"], MiniExcel.GetSheetNames(xlsx));
        var rows = xlsx.Query(useHeaderRow: true, sheetName: "Agent performance").Cast<IDictionary<string, object>>().ToList();
        var total = rows.Single(r => (string)r["Agent"] == "Karim Chraibi (agent01)" && (string)r["Period"] == "total");
        Assert.Equal((2.0, 150.0), (Convert.ToDouble(total["Offered"]), Convert.ToDouble(total["AHT (s)"])));
        Assert.StartsWith("<!DOCTYPE html><html lang=\"fr\">", html);
        Assert.Contains("Performance des conseillers", html);
        Assert.Contains("<td class=\"l\">Karim Chraibi (agent01)</td>", html);
        Assert.DoesNotContain(Other, html);
    }

    [Fact]
    public async Task TeamFilter_KeepsThatTeamsAgentsAndSubtotal_InEveryFormat()
    {
        await SeedAsync();
        using var admin = await platform.As("admin");

        var banking = await admin.GetFromJsonAsync<AgentPerformanceReport>($"/api/sla/agent-report?{Days}&team=Banking", Json);
        var telecom = await admin.GetFromJsonAsync<AgentPerformanceReport>($"/api/sla/agent-report?{Days}&team=Telecom", Json);
        var csv = (await admin.GetStringAsync($"/api/sla/agent-report?{Days}&team=Telecom&format=csv&lang=en")).TrimStart('\uFEFF');

        Assert.Equal("Banking", banking!.Team);
        Assert.All(banking.Rows, r => Assert.Equal("Banking", r.Team));
        var subtotal = Assert.Single(banking.Rows, r => r.AgentId is null && r.Period == AgentPerformanceReport.Total);
        Assert.Equal((3L, 2L, 210.0), (subtotal.Offered, subtotal.Answered, subtotal.HandleSeconds));
        Assert.DoesNotContain(telecom!.Rows, r => r.AgentId == "agent01");
        Assert.Equal(0L, Assert.Single(telecom.Rows, r => r.Team == "Telecom" && r.Period == AgentPerformanceReport.Total).Answered);
        Assert.DoesNotContain("agent01", csv);
        Assert.Contains("Team Telecom,Telecom,total,", csv);
    }

    [Fact]
    public async Task GermanByAcceptLanguage_HasGermanHeadingsAndDecimalCommas()
    {
        await SeedAsync();
        using var http = await platform.As("supervisor-lumiere");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sla/agent-report?{Days}&format=csv");
        request.Headers.AcceptLanguage.ParseAdd("de-CH, en;q=0.5");
        var csv = (await (await http.SendAsync(request)).Content.ReadAsStringAsync()).TrimStart('\uFEFF');

        Assert.StartsWith("Agent;Team;Zeitraum;UTC-Versatz;Angeboten;Angenommen;Verpasst (nicht angenommen);Abgelehnt;Weiterleitungen;", csv);
        Assert.Contains("Karim Chraibi (agent01);Banking;gesamt;;2;1;0;1;0;120;20;10;150;120;20;10;150;", csv);
    }
}
