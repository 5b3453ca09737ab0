using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using CallCentre.Contracts.Routing;
using CallCentre.Contracts.Sla;
using CallCentre.Dashboard.Live;

namespace CallCentre.EndToEnd.Tests;

/// <summary>The thin slice in one process: a call posted to telephony is routed to a skilled agent, answered and completed
/// through the agent API; SlaTracking records it; a supervisor's SignalR connection receives the queue's new figures.</summary>
public sealed class EmbeddedSliceTests : IDisposable
{
    private const string CallerNumber = "+33612345678";
    private readonly EmbeddedPlatform _platform = new();

    [Fact]
    public async Task PostedCall_IsRoutedAnsweredCompleted_AndTheSupervisorSeesTheQueueFigures()
    {
        var tiles = new ConcurrentQueue<QueueMetrics>();
        await using var wallboard = await _platform.WallboardAs("supervisor", batch => { foreach (var t in batch) tiles.Enqueue(t); });
        // The snapshot on connect covers every queue the supervisor is granted.
        await TestInfrastructure.EventuallyAsync(() => Task.FromResult(tiles.Any(t => t.QueueId == "lumiere-banking-fr") ? "" : null),
            "the wallboard's snapshot on connect");

        var platform = _platform.Platform();
        var pbx = await platform.LoginAsync("pbx", "demo", default);
        var agent = await platform.LoginAsync("agent01", "demo", default); // banking 4, fr 5, ar 4
        Assert.Equal(HttpStatusCode.OK, await platform.SetStateAsync(agent, "Available", null, default));

        var call = await platform.PostCallAsync(pbx, "lumiere-banking-fr", CallerNumber, default);
        Assert.Equal("lumiere-bank", call.TenantId);

        var offered = await TestInfrastructure.EventuallyAsync(async () =>
            await platform.GetAgentAsync(agent, default) is { State: "Reserved", Call: { } c } ? c : null, "the offer to agent01");
        Assert.Equal(call.CallId, offered.CallId);
        Assert.Equal(HttpStatusCode.OK, await platform.AnswerAsync(agent, call.CallId, default));
        Assert.Equal("OnCall", (await platform.GetAgentAsync(agent, default)).State);
        Assert.Equal(HttpStatusCode.OK, await platform.CompleteAsync(agent, call.CallId, "resolved", default));

        var tile = await TestInfrastructure.EventuallyAsync(
            () => Task.FromResult(tiles.LastOrDefault(t => t.QueueId == "lumiere-banking-fr" && t.Answered == 1 && t.AverageHandleSeconds >= 0 && t.Offered == 1)),
            "the supervisor's tile showing the answered call");
        Assert.Equal(1, tile.AnsweredWithinThreshold);
        Assert.Equal(1.0, tile.ServiceLevel);
        Assert.Equal("lumiere-bank", tile.TenantId);

        // SlaTracking's API agrees, and the call record is complete once the completion is consumed.
        using var supervisor = await _platform.HttpAs("supervisor");
        var today = await TestInfrastructure.EventuallyAsync(async () =>
        {
            var all = await supervisor.GetFromJsonAsync<List<QueueServiceLevelUpdated>>("/api/sla/tenants/lumiere-bank/today");
            return all!.FirstOrDefault(q => q.QueueId == "lumiere-banking-fr" && q.AverageHandleSeconds > 0);
        }, "the completed call's handle time in SlaTracking");
        Assert.Equal(1, today.Offered);
        Assert.Equal(1, today.Answered);
        Assert.Equal(0, today.Abandoned);

        // Scheduling recorded the arrival for forecasting.
        var volumes = await TestInfrastructure.EventuallyAsync(async () =>
        {
            var points = await supervisor.GetFromJsonAsync<List<VolumePointDto>>("/api/scheduling/queues/lumiere-banking-fr/volumes");
            return points!.Sum(p => p.Calls) == 1 ? points : null;
        }, "Scheduling's volume for the queue");
        Assert.Single(volumes);

        // Routing published every step of the call, in the events the other modules consume.
        Assert.Contains(_platform.Published, m => m is CallQueued q && q.CallId == call.CallId);
        Assert.Contains(_platform.Published, m => m is CallOffered o && o.CallId == call.CallId && o.AgentId == "agent01");
        Assert.Contains(_platform.Published, m => m is CallAnswered a && a.CallId == call.CallId);
        Assert.Contains(_platform.Published, m => m is CallCompleted c && c.CallId == call.CallId && c.Disposition == "resolved");

        AssertCallerNumberNowhere();
    }

    /// <summary>No caller number in clear in any database file, event or log line.</summary>
    private void AssertCallerNumberNowhere()
    {
        var digits = CallerNumber.TrimStart('+');
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var files = Directory.GetFiles(_platform.DataFolder, "*.db*");
        Assert.Contains(files, f => f.EndsWith("routing.db", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("slatracking.db", StringComparison.Ordinal));
        // A checkpoint can fold a -wal file into its database and delete it while we read: read sidecars first, databases last.
        foreach (var file in files.OrderBy(f => f.EndsWith(".db", StringComparison.Ordinal)))
        {
            byte[] bytes;
            try { bytes = File.ReadAllBytes(file); }
            catch (FileNotFoundException) when (!file.EndsWith(".db", StringComparison.Ordinal)) { continue; }
            Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(digits)), $"{file} holds the caller's number");
            Assert.False(Contains(bytes, Encoding.Unicode.GetBytes(digits)), $"{file} holds the caller's number (UTF-16)");
        }
        Assert.NotEmpty(_platform.Published);
        foreach (var message in _platform.Published)
            Assert.DoesNotContain(digits, System.Text.Json.JsonSerializer.Serialize(message, message.GetType()));
        Assert.NotEmpty(_platform.Logs.Lines);
        Assert.DoesNotContain(_platform.Logs.Lines, l => l.Contains(digits));
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    public sealed record VolumePointDto(DateTimeOffset Start, long Calls, double? AverageHandleSeconds);

    public void Dispose() => _platform.Dispose();
}
