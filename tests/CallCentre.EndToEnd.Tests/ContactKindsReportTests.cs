using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCentre.Contracts.Sla;

namespace CallCentre.EndToEnd.Tests;

/// <summary>A chat and a call of one queue, through Routing's APIs and the bus: the client's report counts them on two lines
/// with a total each, and the queue's live service level (the wallboard's, the alerts') is the call's alone.</summary>
public sealed class ContactKindsReportTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new();

    [Fact]
    public async Task AChatAndACall_AreReportedOnTheirOwnLines_AndTheLiveServiceLevelIsTheCallsOnly()
    {
        using var admin = await _platform.HttpAs("admin");
        using var pbx = await _platform.HttpAs("pbx");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/admin/agents/agent01", new
        {
            name = "Karim Chraibi", skills = new Dictionary<string, int> { ["banking"] = 4, ["fr"] = 5, ["ar"] = 4 },
            capacity = new Dictionary<string, int> { ["voice"] = 1, ["chat"] = 2 },
        })).StatusCode);
        using var agent = await _platform.HttpAs("agent01");
        Assert.Equal(HttpStatusCode.OK, (await agent.PutAsJsonAsync("/api/agents/me/state", new { state = "Available" })).StatusCode);

        var chat = await JsonOf(await pbx.PostAsJsonAsync("/api/contacts", new { kind = "chat", queueId = "lumiere-banking-fr", externalId = "conv-7" }));
        var chatId = chat.GetProperty("contactId").GetGuid();
        Assert.Equal("agent01", chat.GetProperty("agentId").GetString());
        await AnswerAndCompleteAsync(agent, chatId);
        var call = await _platform.Platform().PostCallAsync(await _platform.Platform().LoginAsync("pbx", "demo", default), "lumiere-banking-fr",
            "+33600000001", default);
        await TestInfrastructure.EventuallyAsync(async () =>
            (await JsonOf(await agent.GetAsync("/api/agents/me"))).GetProperty("state").GetString() == "Reserved" ? "" : null, "the call's offer");
        await AnswerAndCompleteAsync(agent, call.CallId);

        using var supervisor = await _platform.HttpAs("supervisor");
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).ToString("yyyy-MM-dd");
        var rows = await TestInfrastructure.EventuallyAsync(async () =>
        {
            var report = await JsonOf(await supervisor.GetAsync($"/api/sla/reports?tenantId=lumiere-bank&from={today}&to={today}&lang=en"));
            var lines = report.GetProperty("rows").EnumerateArray()
                .Where(r => r.GetProperty("figures").GetProperty("completed").GetInt64() > 0).ToList();
            return lines.Count == 4 ? lines : null;
        }, "both contacts completed in the report");
        (string, string, long) Line(JsonElement r) =>
            (r.GetProperty("queueId").GetString()!, r.GetProperty("kind").GetString()!, r.GetProperty("figures").GetProperty("offered").GetInt64());
        Assert.Equal([("lumiere-banking-fr", "voice", 1L), ("lumiere-banking-fr", "chat", 1L), ("*", "voice", 1L), ("*", "chat", 1L)],
            rows.Select(Line).OrderBy(l => l.Item1 == "*").ThenBy(l => l.Item2 == "chat").ToList());
        Assert.EndsWith(" · Chat", rows.Single(r => r.GetProperty("kind").GetString() == "chat" && r.GetProperty("queueId").GetString() != "*")
            .GetProperty("queueName").GetString());

        var live = await supervisor.GetFromJsonAsync<List<QueueServiceLevelUpdated>>("/api/sla/tenants/lumiere-bank/today");
        var queue = live!.Single(q => q.QueueId == "lumiere-banking-fr");
        Assert.Equal((1, 1), (queue.Offered, queue.Answered));
    }

    private static async Task AnswerAndCompleteAsync(HttpClient agent, Guid id)
    {
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"/api/agents/me/calls/{id}/answer", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/agents/me/calls/{id}/complete", new { disposition = "resolved" })).StatusCode);
    }

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    public void Dispose() => _platform.Dispose();
}
