using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCentre.Simulator.Live;

namespace CallCentre.EndToEnd.Tests;

/// <summary>Two SlaTracking replicas on RabbitMQ and PostgreSQL, competing for the contact events and for the deliveries: each event
/// reaches the client's receiver once.</summary>
[Collection(DistributedCollection.Name)]
public sealed class WebhookDistributedTests
{
    private const int Calls = 40;

    [Fact]
    public async Task TwoSlaTrackingReplicas_DeliverEachContactEventOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var platform = new DistributedPlatform("routing", "slatracking", "slatracking#2");
        var sealingKey = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        foreach (var replica in new[] { "slatracking", "slatracking#2" })
            platform.Settings[replica] = new()
            {
                ["Webhooks__SealingKey"] = sealingKey, ["Webhooks__AllowLoopbackHttp"] = "true", ["Webhooks__PollInterval"] = "00:00:00.100",
            };
        await platform.StartAsync();
        try
        {
            var routing = new PlatformClient(new HttpClient { BaseAddress = platform["routing"] });
            var pbx = await routing.LoginAsync("pbx", DistributedPlatform.DemoPassword, default);
            var supervisor = await routing.LoginAsync("supervisor", DistributedPlatform.DemoPassword, default);
            using var sla = new HttpClient { BaseAddress = platform["slatracking#2"] };
            sla.DefaultRequestHeaders.Authorization = new("Bearer", supervisor);
            using var created = await sla.PostAsJsonAsync("/api/sla/tenants/lumiere-bank/webhooks",
                new { url = receiver.Url, events = new[] { "call.queued" } });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

            var callIds = new List<Guid>();
            for (var i = 0; i < Calls; i++)
                callIds.Add((await routing.PostCallAsync(pbx, "lumiere-banking-fr", $"+3361000{i:D4}", default)).CallId);

            using var first = new HttpClient { BaseAddress = platform["slatracking"] };
            first.DefaultRequestHeaders.Authorization = new("Bearer", supervisor);
            await TestInfrastructure.EventuallyAsync(async () =>
            {
                var delivered = await first.GetFromJsonAsync<List<JsonElement>>(
                    "/api/sla/tenants/lumiere-bank/webhook-deliveries?status=delivered&limit=1000");
                return delivered!.Count >= Calls ? delivered : null;
            }, $"{Calls} delivered webhooks", TimeSpan.FromSeconds(60));

            // Delivered is final: every POST there will be has been received.
            var posted = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("callId").GetGuid())
                .ToList();
            Assert.Equal(Calls, posted.Count);
            Assert.Equal(callIds.Order(), posted.Order());
            Assert.All(receiver.Requests, r => Assert.Equal("1", r.Header("X-CallCentre-Attempt")));
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new Exception($"{e.Message}\n--- module output ---\n{platform.Tail()}", e);
        }
    }
}
