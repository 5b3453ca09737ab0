using CallCentre.Routing.Data;

namespace CallCentre.Routing.Tests;

/// <summary>Two partitions' active processes change the centre at the same moment on one PostgreSQL database.</summary>
public sealed class CentreChangeStoreTests(PostgresRoutingDatabase db) : IClassFixture<PostgresRoutingDatabase>
{
    [Fact]
    public async Task ChangesSavedAtOnceByTwoProcesses_EachGetANewVersion_AndAllAreKept()
    {
        CentreChangeStore[] processes = [new(db.Database), new(db.Database)];
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var at = DateTimeOffset.UtcNow;

        var versions = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => processes[i % 2].SaveQueueAsync(
            TestQueues.Queue($"q{i}-{suffix}", "bank", new Dictionary<string, int> { ["fr"] = 1 }), "admin", at, default))));

        Assert.Equal(40, versions.Distinct().Count());
        var stored = await processes[0].ListAsync(default);
        var ours = stored.Where(s => s.Queue?.Id.EndsWith(suffix, StringComparison.Ordinal) == true).ToList();
        Assert.Equal(versions.Order(), ours.Select(s => s.Version).Order());
    }
}
