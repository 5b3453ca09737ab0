using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.EndToEnd.Tests.Security;

namespace CallCentre.EndToEnd.Tests;

/// <summary>The calendar API on the embedded platform: what it reads, who may change it, bad input, and a closed day
/// refusing calls the moment it is added.</summary>
public sealed class CalendarApiTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new();

    private HttpClient As(string principal)
    {
        var http = _platform.Http();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            TestTokens.For(_platform, Principal.All.Single(p => p.Name == principal)));
        return http;
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task Calendar_ListsTheYearsHolidaysByName_AndTheTenantsExceptions()
    {
        using var supervisor = As("supervisor of A");
        var calendar = await supervisor.GetFromJsonAsync<JsonElement>("/api/admin/tenants/lumiere-bank/calendar?year=2026");
        Assert.Equal(("Europe/Paris", "Closed", true), (calendar.GetProperty("timeZone").GetString(), calendar.GetProperty("holidayRule").GetString(),
            calendar.GetProperty("holidaysComplete").GetBoolean()));
        var holidays = calendar.GetProperty("holidays").EnumerateArray().Select(h => (h.GetProperty("date").GetString(), h.GetProperty("name").GetString())).ToList();
        Assert.Equal(11, holidays.Count);
        Assert.Contains(("2026-07-14", "Fête nationale"), holidays);
        var eve = calendar.GetProperty("exceptions").EnumerateArray().Single(e => e.GetProperty("date").GetString() == "2026-12-24");
        Assert.Equal("09:00:00", eve.GetProperty("hours")[0].GetProperty("from").GetString());
        var next = await supervisor.GetFromJsonAsync<JsonElement>("/api/admin/tenants/lumiere-bank/calendar?year=2027");
        Assert.Empty(next.GetProperty("exceptions").EnumerateArray());
    }

    [Fact]
    public async Task AnotherTenantsCalendar_IsNotFound_AndNothingChanges()
    {
        using var supervisor = As("supervisor of A");
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync("/api/admin/tenants/mosane-insurance/calendar")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.PutAsJsonAsync("/api/admin/tenants/mosane-insurance/calendar/exceptions/2026-12-28",
            new { label = "Fermeture" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.PutAsJsonAsync("/api/admin/tenants/mosane-insurance/calendar/holiday-rule",
            new { rule = "Open" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync("/api/admin/tenants/no-such-tenant/calendar")).StatusCode);
        using var client = As("client of A");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/admin/tenants/lumiere-bank/calendar")).StatusCode);
        using var admin = await _platform.HttpAs("admin");
        var mosane = await admin.GetFromJsonAsync<JsonElement>("/api/admin/tenants/mosane-insurance/calendar?year=2026");
        Assert.Equal(("LikeSaturday", 0L, 0), (mosane.GetProperty("holidayRule").GetString(), mosane.GetProperty("version").GetInt64(),
            mosane.GetProperty("exceptions").GetArrayLength()));
    }

    [Theory]
    [InlineData("exceptions/2026-13-40", """{"label":"x"}""", "date")]
    [InlineData("exceptions/24-12-2026", """{"label":"x"}""", "date")]
    [InlineData("exceptions/2026-12-28", """{"label":""}""", "label")]
    [InlineData("exceptions/2026-12-28", """{"label":"x","hours":[{"from":"13:00","to":"09:00"}]}""", "hours[0]")]
    [InlineData("exceptions/2026-12-28", """{"label":"x","hours":[{"from":"09:00","to":"12:00"},{"from":"11:00","to":"14:00"}]}""", "hours[1]")]
    [InlineData("exceptions/2026-12-28", """{"label":"x","hours":[{"from":"9h","to":"12:00"}]}""", "hours[0].from")]
    [InlineData("holiday-rule", """{"rule":"Sometimes"}""", "rule")]
    [InlineData("holiday-rule", """{"rule":"1"}""", "rule")]
    public async Task BadInput_Is400NamingTheField_AndWritesNothing(string path, string body, string field)
    {
        using var supervisor = As("supervisor of A");
        using var response = await supervisor.PutAsync($"/api/admin/tenants/lumiere-bank/calendar/{path}",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.Content.ReadAsStringAsync());
        var calendar = await supervisor.GetFromJsonAsync<JsonElement>("/api/admin/tenants/lumiere-bank/calendar?year=2026");
        Assert.Equal(0, calendar.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task BadYear_Is400NamingTheYear()
    {
        using var supervisor = As("supervisor of A");
        using var response = await supervisor.GetAsync("/api/admin/tenants/lumiere-bank/calendar?year=twenty");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty("year", out _));
    }

    [Fact]
    public async Task ClosedDayAdded_RefusesTheNextCall_AndRemovedOpensAgain()
    {
        using var admin = await _platform.HttpAs("admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/admin/queues/lumiere-hours-fr", new
        {
            tenantId = "lumiere-bank", name = "Banque Lumière — horaires (FR)", lineOfBusiness = "banking", language = "fr",
            requiredSkills = new Dictionary<string, int> { ["banking"] = 1 },
            openingHours = Enum.GetValues<DayOfWeek>().Select(d => new { day = d, from = "00:00", to = "23:59:59" }),
        })).StatusCode);
        using var pbx = await _platform.HttpAs("pbx");
        async Task<(string? State, string? Reason)> Call()
        {
            using var response = await pbx.PostAsJsonAsync("/api/telephony/calls", new { queueId = "lumiere-hours-fr", callerNumber = "+33600000401" });
            var json = await Json(response);
            return (json.GetProperty("state").GetString(), json.TryGetProperty("reason", out var r) ? r.GetString() : null);
        }
        Assert.NotEqual("Rejected", (await Call()).State);

        // Today and tomorrow in Paris, so a test run across midnight still calls on a closed day.
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).DateTime);
        using var supervisor = As("supervisor of A");
        foreach (var day in new[] { today, today.AddDays(1) })
        {
            using var put = await supervisor.PutAsJsonAsync($"/api/admin/tenants/lumiere-bank/calendar/exceptions/{day:yyyy-MM-dd}", new { label = "Inventaire" });
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
        Assert.Equal(("Rejected", "closed"), await Call());
        Assert.Contains(_platform.Published, m => m is TenantCalendarConfigured { TenantId: "lumiere-bank" } c
            && c.Calendar.Exceptions.Any(e => e.Date == today) && c.ConfiguredBy == "supervisor-of-A");

        foreach (var day in new[] { today, today.AddDays(1) })
            Assert.Equal(HttpStatusCode.OK, (await supervisor.DeleteAsync($"/api/admin/tenants/lumiere-bank/calendar/exceptions/{day:yyyy-MM-dd}")).StatusCode);
        Assert.NotEqual("Rejected", (await Call()).State);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.DeleteAsync($"/api/admin/tenants/lumiere-bank/calendar/exceptions/{today:yyyy-MM-dd}")).StatusCode);
    }

    public void Dispose() => _platform.Dispose();
}

/// <summary>The embedded platform stopped and started again on the same SQLite files: calendar changes are still there.</summary>
public sealed class CalendarRestartTests
{
    [Fact]
    public async Task CalendarChanges_SurviveARestart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "callcentre-test-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            using (var first = new EmbeddedPlatform(dataFolder: folder))
            {
                using var admin = await first.HttpAs("admin");
                Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/admin/tenants/helvet-telecom/calendar/exceptions/2027-01-02",
                    new { label = "Berchtoldstag", hours = new[] { new { from = "10:00", to = "14:00" } } })).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/admin/tenants/helvet-telecom/calendar/holiday-rule",
                    new { rule = "likesaturday" })).StatusCode);
            }

            using var second = new EmbeddedPlatform(dataFolder: folder);
            await TestInfrastructure.EventuallyAsync(async () =>
                (await second.Http().GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK ? "ready" : null, "readiness");
            using var again = await second.HttpAs("admin");
            var calendar = await again.GetFromJsonAsync<JsonElement>("/api/admin/tenants/helvet-telecom/calendar?year=2027");
            Assert.Equal("LikeSaturday", calendar.GetProperty("holidayRule").GetString());
            Assert.True(calendar.GetProperty("version").GetInt64() > 0);
            var exception = calendar.GetProperty("exceptions").EnumerateArray().Single();
            Assert.Equal(("2027-01-02", "Berchtoldstag", "10:00:00"), (exception.GetProperty("date").GetString(), exception.GetProperty("label").GetString(),
                exception.GetProperty("hours")[0].GetProperty("from").GetString()));
            Assert.Contains(calendar.GetProperty("holidays").EnumerateArray(), h => h.GetProperty("date").GetString() == "2027-12-31");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}
