using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.Dashboard.Live;
using CallCentre.Hosting.Centre;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CallCentre.Browser.Tests;

/// <summary>How the wallboard's tiles travel: at most one update per tile and interval, one group per audience, and the
/// compact rows feed next to the whole tiles, each connection getting the shape it asked for.</summary>
public sealed class WallboardFeedTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private static readonly CentreDefinition Centre = new(
        [new TenantDefinition("bank", "Banque", "Europe/Paris", "fr"), new TenantDefinition("telco", "Télécom", "Europe/Zurich", "en")],
        [
            new QueueConfiguration("bank-fr", "bank", "Banque (FR)", "banking", "fr", new Dictionary<string, int> { ["fr"] = 3 }),
            new QueueConfiguration("telco-fr", "telco", "Télécom (FR)", "telecom", "fr", new Dictionary<string, int> { ["fr"] = 3 }),
        ],
        [new AgentDefinition("a1", "Karim", new Dictionary<string, int> { ["fr"] = 5 })]);

    private readonly EmbeddedPlatform _platform = new();
    private readonly List<HubConnection> _connections = [];

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public void ChangedTile_IsTakenAtOnce_ThenAtMostOncePerInterval_KeepingItsLatestFigures()
    {
        var board = new QueueBoard(new CentreCatalog(Centre));
        board.Apply(new QueueSnapshot("bank", "bank-fr", 1, 5, 0, 0, 0, 0, 0, T0));
        Assert.Equal([1], board.TakeChanged(T0, Interval).Select(t => t.CallsWaiting));

        board.Apply(new QueueSnapshot("bank", "bank-fr", 2, 6, 0, 0, 0, 0, 0, T0.AddMilliseconds(50)));
        board.Apply(new QueueSnapshot("bank", "bank-fr", 3, 7, 0, 0, 0, 0, 0, T0.AddMilliseconds(100)));
        board.Apply(new QueueSnapshot("telco", "telco-fr", 4, 1, 0, 0, 0, 0, 0, T0.AddMilliseconds(100)));
        // The quiet queue goes at once; the busy one waits for its interval, then goes with its latest figures.
        Assert.Equal([("telco-fr", 4)], board.TakeChanged(T0.AddMilliseconds(100), Interval).Select(t => (t.QueueId, t.CallsWaiting)));
        Assert.Empty(board.TakeChanged(T0.AddMilliseconds(200), Interval));
        Assert.Equal([("bank-fr", 3)], board.TakeChanged(T0.AddMilliseconds(250), Interval).Select(t => (t.QueueId, t.CallsWaiting)));
        Assert.Empty(board.TakeChanged(T0.AddSeconds(5), Interval));
    }

    [Fact]
    public void Audiences_OneGroupPerTenantSetAndFeed_ForgottenWithTheirLastConnection()
    {
        var audiences = new WallboardAudiences();
        var both = audiences.Join(["telco", "bank"], rows: true);
        Assert.Equal(both, audiences.Join(["bank", "telco"], rows: true));
        var tiles = audiences.Join(["bank", "telco"], rows: false);
        var bank = audiences.Join(["bank"], rows: true);
        Assert.Equal(3, new[] { both, tiles, bank }.Distinct().Count());
        Assert.Equal(3, audiences.Current().Count);

        audiences.Leave(both);
        Assert.Contains(audiences.Current(), a => a.Group == both && a.Rows && a.Tenants.SetEquals(["bank", "telco"]));
        audiences.Leave(both);
        audiences.Leave(bank);
        Assert.Equal([tiles], audiences.Current().Select(a => a.Group));
    }

    [Theory]
    [InlineData(new[] { "a,b" }, new[] { "a", "b" })]
    [InlineData(new[] { "a", "b,c" }, new[] { "a,b", "c" })]
    [InlineData(new[] { "1:a" }, new[] { "a" })]
    [InlineData(new[] { "ab" }, new[] { "a", "b" })]
    public void Audiences_OfDifferentTenantSets_NeverShareAKey_WhateverTheIdsHold(string[] one, string[] other)
    {
        var audiences = new WallboardAudiences();
        var first = audiences.Join(one, rows: false);
        var second = audiences.Join(other, rows: false);
        Assert.NotEqual(WallboardAudiences.GroupOf(one, rows: false), WallboardAudiences.GroupOf(other, rows: false));
        Assert.NotEqual(first, second);
        // Each connection gets the tiles of its own tenants only.
        Assert.Contains(audiences.Current(), a => a.Group == first && a.Tenants.SetEquals(one));
        Assert.Contains(audiences.Current(), a => a.Group == second && a.Tenants.SetEquals(other));
    }

    [Fact]
    public void Audiences_SplitInShardsOfAtMostShardSize_RefilledBeforeANewShardOpens()
    {
        var audiences = new WallboardAudiences();
        var groups = Enumerable.Range(0, WallboardAudiences.ShardSize * 2 + 1).Select(_ => audiences.Join(["bank"], rows: true)).ToList();
        var shards = groups.GroupBy(g => g).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(3, shards.Count);
        Assert.All(shards.Values, n => Assert.True(n <= WallboardAudiences.ShardSize));
        Assert.Equal(shards.Keys.Order(), audiences.Current().Select(a => a.Group).Order());
        Assert.All(audiences.Current(), a => Assert.True(a.Rows && a.Tenants.SetEquals(["bank"])));
        // Every shard of an audience shares one tenant set, so the broadcaster builds its message once.
        Assert.Single(audiences.Current().Select(a => a.Tenants).Distinct());

        // A connection leaving a full shard frees a place there: the next one joins it rather than the fullest.
        var full = shards.First(s => s.Value == WallboardAudiences.ShardSize).Key;
        audiences.Leave(full);
        var lone = shards.Single(s => s.Value == 1).Key;
        Assert.Equal(lone, audiences.Join(["bank"], rows: true)); // the emptiest shard first
        foreach (var g in groups.Where(g => g != full).Append(lone))
            audiences.Leave(g);
        Assert.Equal([full], audiences.Current().Select(a => a.Group));
        for (var i = 1; i < WallboardAudiences.ShardSize; i++)
            audiences.Leave(full);
        Assert.Empty(audiences.Current());
        audiences.Leave(full); // one leave too many changes nothing
        Assert.Empty(audiences.Current());
    }

    [Fact]
    public async Task RowsConnection_GetsTheSnapshotThenRows_WhileAWholeTilesConnectionGetsTiles()
    {
        var rows = new ConcurrentQueue<JsonElement>();
        var rowsTiles = new ConcurrentQueue<IReadOnlyList<QueueMetrics>>();
        var tiles = new ConcurrentQueue<IReadOnlyList<QueueMetrics>>();
        var tilesRows = 0;
        var compact = await ConnectAsync("?updates=rows");
        compact.On<IReadOnlyList<QueueMetrics>>("QueueMetrics", rowsTiles.Enqueue);
        compact.On<JsonElement>("TileRows", rows.Enqueue);
        var whole = await ConnectAsync("");
        whole.On<IReadOnlyList<QueueMetrics>>("QueueMetrics", tiles.Enqueue);
        whole.On<JsonElement>("TileRows", _ => Interlocked.Increment(ref tilesRows));
        await compact.StartAsync();
        await whole.StartAsync();
        await Eventually(() => rowsTiles.Count == 1 && tiles.Count == 1, "the snapshots");
        var snapshot = rowsTiles.Single();
        Assert.Contains(snapshot, t => t.QueueId == "lumiere-banking-fr" && t.QueueName.Length > 0);

        using var pbx = await _platform.HttpAs("pbx");
        var response = await pbx.PostAsJsonAsync("/api/telephony/calls", new { queueId = "lumiere-banking-fr", callerNumber = "+33612345678" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        await Eventually(() => tiles.Skip(1).SelectMany(b => b).Any(t => t.QueueId == "lumiere-banking-fr" && t.CallsWaiting == 1), "the whole tile");
        var row = await Eventually(() => rows.SelectMany(Rows).FirstOrDefault(r => (string)r["queueId"]! == "lumiere-banking-fr" && Convert.ToInt32(r["callsWaiting"]) == 1),
            "the row");
        var tile = tiles.Skip(1).SelectMany(b => b).Last(t => t.QueueId == "lumiere-banking-fr");
        Assert.Equal(TileRows.Columns, row.Keys);
        Assert.Equal(tile.UpdatedAt.ToUnixTimeMilliseconds(), Convert.ToInt64(row["updatedAt"]));
        Assert.Equal(tile.AgentsAvailable, Convert.ToInt32(row["agentsAvailable"]));
        Assert.Single(rowsTiles); // the rows connection had whole tiles only in its snapshot
        Assert.Equal(0, Volatile.Read(ref tilesRows));
    }

    [Fact]
    public async Task MessagePackConnection_GetsTheSnapshotThenRows_NextToAJsonConnection()
    {
        var snapshots = new ConcurrentQueue<IReadOnlyList<QueueMetrics>>();
        var batches = new ConcurrentQueue<TileRows>();
        var jsonRows = new ConcurrentQueue<JsonElement>();
        var binary = await ConnectAsync("?updates=rows", messagePack: true);
        binary.On<IReadOnlyList<QueueMetrics>>("QueueMetrics", snapshots.Enqueue);
        binary.On<TileRows>("TileRows", batches.Enqueue);
        var json = await ConnectAsync("?updates=rows");
        json.On<JsonElement>("TileRows", jsonRows.Enqueue);
        await binary.StartAsync();
        await json.StartAsync();
        await Eventually(() => snapshots.Count == 1, "the MessagePack snapshot");
        Assert.Contains(snapshots.Single(), t => t.QueueId == "lumiere-banking-fr" && t.QueueName.Length > 0 && t.TargetServiceLevel > 0);

        using var pbx = await _platform.HttpAs("pbx");
        var response = await pbx.PostAsJsonAsync("/api/telephony/calls", new { queueId = "lumiere-banking-fr", callerNumber = "+33612345678" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var row = await Eventually(() => batches.SelectMany(b => b.Rows.Select(r => b.Fields.Zip(r).ToDictionary(p => p.First, p => p.Second)))
            .FirstOrDefault(r => (string)r["queueId"] == "lumiere-banking-fr" && Convert.ToInt32(r["callsWaiting"]) == 1), "the MessagePack row");
        var sameRow = await Eventually(() => jsonRows.SelectMany(Rows).FirstOrDefault(r => (string)r["queueId"]! == "lumiere-banking-fr"
            && Convert.ToInt64(r["updatedAt"]) == Convert.ToInt64(row["updatedAt"])), "the same row over JSON");
        Assert.Equal(TileRows.Columns, row.Keys);
        foreach (var field in TileRows.Columns.Skip(1).Where(f => f != "waitingByKind"))
            Assert.Equal(Convert.ToDouble(sameRow[field]), Convert.ToDouble(row[field]), 6);
        // The one call waits in the voice line, the same over both protocols.
        static Dictionary<string, int> Kinds(object? value) =>
            ((IDictionary<object, object>)value!).ToDictionary(kv => (string)kv.Key, kv => Convert.ToInt32(kv.Value));
        Assert.Equal(new Dictionary<string, int> { ["voice"] = 1 }, Kinds(row["waitingByKind"]));
        Assert.Equal(Kinds(row["waitingByKind"]), Kinds(sameRow["waitingByKind"]));
    }

    [Fact]
    public void Rows_CarryWholeFiguresAsIntegers_AndTheOthersInSinglePrecision()
    {
        var tile = new QueueMetrics("bank", "bank-fr", "Banque (FR)", "banking", "fr", 2, 12.0, 1, 0, 3, 0, 0, 40, 35, 2, 30, 20,
            0.857142857142857, 0.8, 14.0, 182.25, T0);
        var row = TileRows.Of([tile]).Rows.Single();
        var values = TileRows.Columns.Zip(row).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal(12, values["oldestWaitSeconds"]);
        Assert.Equal(14, values["averageSpeedOfAnswerSeconds"]);
        Assert.Equal(0.857142857142857f, values["serviceLevel"]);
        Assert.Equal(0.8f, values["targetServiceLevel"]);
        Assert.Equal(182.25f, values["averageHandleSeconds"]);
        Assert.Equal(T0.ToUnixTimeMilliseconds(), values["updatedAt"]);
        Assert.Equal("[0.85714287,0.8]", JsonSerializer.Serialize(new[] { values["serviceLevel"], values["targetServiceLevel"] }));
    }

    /// <summary>A TileRows message's rows, each as field → value.</summary>
    private static IEnumerable<Dictionary<string, object?>> Rows(JsonElement batch)
    {
        var fields = batch.GetProperty("fields").EnumerateArray().Select(f => f.GetString()!).ToList();
        foreach (var row in batch.GetProperty("rows").EnumerateArray())
            yield return fields.Zip(row.EnumerateArray()).ToDictionary(p => p.First, p => p.Second.ValueKind switch
            {
                JsonValueKind.String => (object?)p.Second.GetString(),
                JsonValueKind.Number => p.Second.GetDouble(),
                JsonValueKind.Object => p.Second.EnumerateObject().ToDictionary(kv => (object)kv.Name, kv => (object)kv.Value.GetInt32()),
                _ => null,
            });
    }

    private async Task<HubConnection> ConnectAsync(string query, bool messagePack = false)
    {
        var token = await _platform.TokenAsync("supervisor");
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(_platform.Address, "/hubs/wallboard" + query), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token));
        if (messagePack)
            builder.AddMessagePackProtocol();
        var hub = builder.Build();
        _connections.Add(hub);
        return hub;
    }

    private static async Task Eventually(Func<bool> probe, string what) => await Eventually(() => probe() ? "" : null, what);

    /// <summary>Waits for <paramref name="probe"/> to give a value, polling; fails with <paramref name="what"/> after 10 s.</summary>
    private static async Task<T> Eventually<T>(Func<T?> probe, string what) where T : class
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            if (probe() is { } value)
                return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(20);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var hub in _connections)
            await hub.DisposeAsync();
        await _platform.DisposeAsync();
    }
}
