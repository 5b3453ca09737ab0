using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCentre.SlaTracking.Api;

namespace CallCentre.SlaTracking.Tests.Delivery;

/// <summary>The schedule routes: validation, roles and the tenant wall.</summary>
public sealed class DeliveryApiTests(SlaPlatform platform) : IClassFixture<SlaPlatform>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private const string Schedules = "/api/sla/tenants/lumiere-bank/delivery-schedules";

    [Fact]
    public async Task BadSchedule_Is400_NamingEachField_AndNothingIsStored()
    {
        using var http = await platform.As("admin");

        using var response = await http.PostAsJsonAsync(Schedules, new
        {
            frequency = "weekly", dayOfMonth = 3, time = "7h", recipients = new[] { "ops@lumiere.example", "Ops <x@y.example>" },
            attachments = new[] { "docx" }, language = "es",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["attachments", "dayOfMonth", "language", "recipients", "time", "weekday"],
            errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.Empty((await http.GetFromJsonAsync<List<DeliveryApi.ScheduleResponse>>(Schedules, Json))!);
    }

    [Fact]
    public async Task SignedPack_OnAWeeklySchedule_Is400OnAttachments()
    {
        using var http = await platform.As("admin");

        using var response = await http.PostAsJsonAsync(Schedules, new
        {
            frequency = "weekly", weekday = "monday", time = "07:00", recipients = new[] { "ops@lumiere.example" }, attachments = new[] { "pack" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["attachments"], errors.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Schedule_IsReplacedAndRemoved_ByStaff_ReadByTheClient_AndWalledFromOtherTenants()
    {
        var body = new { frequency = "monthly", dayOfMonth = 2, time = "06:00", recipients = new[] { "ops@lumiere.example" }, attachments = new[] { "xlsx" } };
        using var supervisor = await platform.As("supervisor-lumiere");
        using var client = await platform.As("client-lumiere-bank");
        using var otherClient = await platform.As("client-mosane-insurance");

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync(Schedules, body)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.PostAsJsonAsync("/api/sla/tenants/mosane-insurance/delivery-schedules", body)).StatusCode);
        using var created = await supervisor.PostAsJsonAsync(Schedules, body);
        var schedule = (await created.Content.ReadFromJsonAsync<DeliveryApi.ScheduleResponse>(Json))!;
        using var replaced = await supervisor.PutAsJsonAsync($"{Schedules}/{schedule.Id}", body with { time = "18:15" });
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.PutAsJsonAsync($"{Schedules}/{Guid.NewGuid()}", body)).StatusCode);

        var listed = Assert.Single((await client.GetFromJsonAsync<List<DeliveryApi.ScheduleResponse>>(Schedules, Json))!);
        Assert.Equal((schedule.Id, "18:15", 2, "monthly"), (listed.Id, listed.Time, listed.DayOfMonth, listed.Frequency));
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.GetAsync(Schedules)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await supervisor.DeleteAsync($"{Schedules}/{schedule.Id}")).StatusCode);
        Assert.Empty((await client.GetFromJsonAsync<List<DeliveryApi.ScheduleResponse>>(Schedules, Json))!);
    }
}
