namespace CallCentre.Dashboard.Live;

/// <summary>The distinct sets of tenants that the wallboard connections may see, each with SignalR groups of its own, so
/// that the tiles changed in a tick go to a connection as one message, whatever the number of tenants it sees (a
/// supervisor of twenty clients gets one batch, not twenty), and per feed: whole <see cref="QueueMetrics"/> tiles, or
/// <see cref="TileRows"/>. An audience is split in shards of at most <see cref="ShardSize"/> connections, which the
/// broadcaster hands a push to side by side (one group's connections are written one after the other on one thread: with
/// 2,000 connections in one group that took 50 ms of the lag). Counted per connection, forgotten when the last leaves.</summary>
public sealed class WallboardAudiences
{
    public const int ShardSize = 250;
    private readonly object _gate = new();
    private readonly Dictionary<string, Audience> _audiences = new(StringComparer.Ordinal);

    private sealed class Audience(IReadOnlySet<string> tenants, bool rows)
    {
        public IReadOnlySet<string> Tenants { get; } = tenants;
        public bool Rows { get; } = rows;
        public List<int> Shards { get; } = []; // connections per shard; a shard's group is the audience's key, '#', its index
    }

    /// <summary>The audience of the connections that see exactly these tenants, with this feed. Each id is written with its
    /// length in front (<c>4:bank5:telco</c>), so that no id, whatever characters it holds, can make two different sets
    /// share a key (joined with ',', tenant <c>a,b</c> would have shared the audience of tenants a and b).</summary>
    public static string GroupOf(IEnumerable<string> tenants, bool rows) =>
        (rows ? "rows:" : "tiles:") + string.Concat(tenants.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(t => $"{t.Length}:{t}"));

    /// <summary>Counts a connection in its audience, in the shard with the fewest connections (a new one when every shard
    /// is full), and returns the shard's group.</summary>
    public string Join(IReadOnlyCollection<string> tenants, bool rows)
    {
        var key = GroupOf(tenants, rows);
        lock (_gate)
        {
            if (!_audiences.TryGetValue(key, out var audience))
                _audiences[key] = audience = new Audience(tenants.ToHashSet(StringComparer.Ordinal), rows);
            var shard = 0;
            for (var i = 1; i < audience.Shards.Count; i++)
                if (audience.Shards[i] < audience.Shards[shard]) shard = i;
            if (audience.Shards.Count == 0 || audience.Shards[shard] >= ShardSize)
            {
                audience.Shards.Add(0);
                shard = audience.Shards.Count - 1;
            }
            audience.Shards[shard]++;
            return $"{key}#{shard}";
        }
    }

    public void Leave(string group)
    {
        var hash = group.LastIndexOf('#');
        if (hash < 0 || !int.TryParse(group.AsSpan(hash + 1), out var shard))
            return;
        lock (_gate)
        {
            if (!_audiences.TryGetValue(group[..hash], out var audience) || shard >= audience.Shards.Count || audience.Shards[shard] == 0)
                return;
            audience.Shards[shard]--;
            if (audience.Shards.All(n => n == 0))
                _audiences.Remove(group[..hash]);
        }
    }

    /// <summary>Every shard with at least one connection: its group, and its audience's tenants and feed.</summary>
    public IReadOnlyList<(string Group, IReadOnlySet<string> Tenants, bool Rows)> Current()
    {
        lock (_gate)
            return _audiences.SelectMany(a => a.Value.Shards.Select((n, i) => (n, i)).Where(s => s.n > 0)
                    .Select(s => ($"{a.Key}#{s.i}", a.Value.Tenants, a.Value.Rows)))
                .ToList();
    }
}
