using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCentre.Dashboard.Live;
using CallCentre.Routing.Telephony;
using CallCentre.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CallCentre.Routing.Tests.Privacy;

/// <summary>Erasing a caller through the admin API, on the whole embedded platform (in-memory bus, SQLite files): every
/// module's trace goes, the answer counts it, the audit names no caller, and asking again removes nothing.</summary>
public sealed class CallerErasureApiTests : IAsyncLifetime
{
    private const string Number = "+33 6 12 34 56 78";
    private readonly EmbeddedPlatform _platform = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    private async Task<string> HashAsync(string tenantId) =>
        await _platform.Services.GetRequiredService<CallerNumberHasher>().HashAsync(tenantId, Number);

    private async Task QueueCallAsync(HttpClient pbx, string queueId)
    {
        var response = await pbx.PostAsJsonAsync("/api/telephony/calls", new { queueId, callerNumber = Number });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
            await Task.Delay(50);
        Assert.True(condition());
    }

    [Fact]
    public async Task ErasingACaller_RemovesEveryTraceOfThatTenantOnly_AndAgainRemovesNothing()
    {
        using var pbx = await _platform.HttpAs("pbx");
        using var admin = await _platform.HttpAs("admin");
        await QueueCallAsync(pbx, "lumiere-banking-fr");
        await QueueCallAsync(pbx, "lumiere-cards-fr");
        await QueueCallAsync(pbx, "mosane-claims-fr");
        var (bank, insurer) = (await HashAsync("lumiere-bank"), await HashAsync("mosane-insurance"));
        var board = _platform.Services.GetRequiredService<AgentBoard>();
        await WaitUntilAsync(() => board.HoldsCaller("lumiere-bank", bank) && board.HoldsCaller("mosane-insurance", insurer));

        var response = await admin.PostAsJsonAsync("/api/admin/tenants/lumiere-bank/callers/erase", new { callerNumber = "+33612345678" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(bank, body);
        var answer = JsonDocument.Parse(body).RootElement;
        Assert.True(answer.GetProperty("complete").GetBoolean());
        Assert.Equal(0, answer.GetProperty("missing").GetArrayLength());
        var routing = answer.GetProperty("modules").GetProperty("routing");
        Assert.Equal((2, 2), (routing.GetProperty("liveCalls").GetInt32(), routing.GetProperty("storedCalls").GetInt32()));
        var dashboard = answer.GetProperty("modules").GetProperty("dashboard");
        Assert.Equal((2, 1), (dashboard.GetProperty("calls").GetInt32(), dashboard.GetProperty("callers").GetInt32()));

        Assert.False(board.HoldsCaller("lumiere-bank", bank));
        Assert.True(board.HoldsCaller("mosane-insurance", insurer));
        Assert.Empty(RowsHolding(bank));
        Assert.NotEmpty(RowsHolding(insurer));

        var again = JsonDocument.Parse(await (await admin.PostAsJsonAsync("/api/admin/tenants/lumiere-bank/callers/erase",
            new { callerNumber = Number })).Content.ReadAsStringAsync()).RootElement.GetProperty("modules");
        Assert.All(again.EnumerateObject().SelectMany(m => m.Value.EnumerateObject()), count => Assert.Equal(0, count.Value.GetInt32()));

        var audit = await admin.GetStringAsync("/api/admin/privacy/audit");
        var entries = JsonDocument.Parse(audit).RootElement;
        Assert.Equal(2, entries.GetArrayLength());
        Assert.Equal(("caller-erase", "lumiere-bank", "admin"), (entries[1].GetProperty("action").GetString(),
            entries[1].GetProperty("tenantId").GetString(), entries[1].GetProperty("actor").GetString()));
        Assert.DoesNotContain(bank, audit);
        Assert.DoesNotContain("612345678", audit);
    }

    [Fact]
    public async Task UnknownTenant_Is404_BadNumberIs400_AndOnlyAdminsMayErase()
    {
        using var admin = await _platform.HttpAs("admin");
        using var supervisor = await _platform.HttpAs("supervisor");
        Assert.Equal(HttpStatusCode.NotFound,
            (await admin.PostAsJsonAsync("/api/admin/tenants/no-such-client/callers/erase", new { callerNumber = Number })).StatusCode);
        var bad = await admin.PostAsJsonAsync("/api/admin/tenants/lumiere-bank/callers/erase", new { callerNumber = "call me" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("callerNumber", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden,
            (await supervisor.PostAsJsonAsync("/api/admin/tenants/lumiere-bank/callers/erase", new { callerNumber = Number })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync("/api/admin/privacy/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _platform.Http().GetAsync("/api/admin/privacy/audit")).StatusCode);
    }

    /// <summary>Every cell of every table of the Routing database that holds <paramref name="value"/>.</summary>
    private List<string> RowsHolding(string value)
    {
        var found = new List<string>();
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_platform.DataFolder, "routing.db")};Pooling=False");
        connection.Open();
        foreach (var table in PrivacyStoreTests.Tables(connection))
            found.AddRange(PrivacyStoreTests.CellsHolding(connection, table, value));
        return found;
    }
}
