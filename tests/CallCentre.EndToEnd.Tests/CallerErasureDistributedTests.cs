using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCentre.Simulator.Live;
using Dapper;
using Npgsql;

namespace CallCentre.EndToEnd.Tests;

/// <summary>A caller erasure crosses processes: Routing (one process) asks over RabbitMQ, the Dashboard (another process)
/// erases its memory and answers to the asking process.</summary>
[Collection(DistributedCollection.Name)]
public sealed class CallerErasureDistributedTests
{
    [Fact]
    public async Task ErasingACaller_ReachesTheDashboardProcess_AndItsAnswerComesBack()
    {
        await using var platform = new DistributedPlatform("routing", "dashboard");
        await platform.StartAsync();
        try
        {
            var login = new PlatformClient(new HttpClient { BaseAddress = platform["routing"] });
            using var pbx = new HttpClient { BaseAddress = platform["routing"] };
            pbx.DefaultRequestHeaders.Authorization = new("Bearer", await login.LoginAsync("pbx", DistributedPlatform.DemoPassword, default));
            using var admin = new HttpClient { BaseAddress = platform["routing"] };
            admin.DefaultRequestHeaders.Authorization = new("Bearer", await login.LoginAsync("admin", DistributedPlatform.DemoPassword, default));

            using var call = await pbx.PostAsJsonAsync("/api/telephony/calls", new { queueId = "lumiere-banking-fr", callerNumber = "+33612345678" });
            Assert.Equal(HttpStatusCode.Accepted, call.StatusCode);
            var callId = (await call.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("callId").GetString();

            // The Dashboard consumes the call's arrival and the erasure on different queues: ask until it had the call to erase.
            var answer = await TestInfrastructure.EventuallyAsync(async () =>
            {
                using var response = await admin.PostAsJsonAsync("/api/admin/tenants/lumiere-bank/callers/erase", new { callerNumber = "+33 6 12 34 56 78" });
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var body = await response.Content.ReadAsStringAsync();
                var modules = JsonDocument.Parse(body).RootElement.GetProperty("modules");
                return modules.TryGetProperty("dashboard", out var d) && d.GetProperty("calls").GetInt32() == 1 ? body : null;
            }, "the dashboard process's report of the erased call", TimeSpan.FromSeconds(60));
            Assert.True(JsonDocument.Parse(answer).RootElement.GetProperty("complete").GetBoolean());

            await using (var routingDb = new NpgsqlConnection($"{TestInfrastructure.Postgres};Database={platform.DatabaseName("routing")}"))
                Assert.Equal("", await routingDb.ExecuteScalarAsync<string>("SELECT caller_hash FROM routing_call WHERE call_id = @callId", new { callId }));

            using var again = await admin.PostAsJsonAsync("/api/admin/tenants/lumiere-bank/callers/erase", new { callerNumber = "+33612345678" });
            var modules = (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("modules");
            Assert.Equal(["dashboard", "routing"], modules.EnumerateObject().Select(m => m.Name).Order().ToArray());
            Assert.All(modules.EnumerateObject().SelectMany(m => m.Value.EnumerateObject()), count => Assert.Equal(0, count.Value.GetInt32()));
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new Exception($"{e.Message}\n--- module output ---\n{platform.Tail()}", e);
        }
    }
}
