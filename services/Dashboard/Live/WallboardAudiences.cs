namespace CallCentre.Dashboard.Live;

/// <summary>One SignalR group per set of tenants and feed, split in shards of at most <see cref="ShardSize"/> written side by side.</summary>
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

    /// <summary>Ids carry their length (<c>4:bank5:telco</c>): no two different sets share a key.</summary>
    public static string GroupOf(IEnumerable<string> tenants, bool rows) =>
        (rows ? "rows:" : "tiles:") + string.Concat(tenants.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(t => $"{t.Length}:{t}"));

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

    public IReadOnlyList<(string Group, IReadOnlySet<string> Tenants, bool Rows)> Current()
    {
        lock (_gate)
            return _audiences.SelectMany(a => a.Value.Shards.Select((n, i) => (n, i)).Where(s => s.n > 0)
                    .Select(s => ($"{a.Key}#{s.i}", a.Value.Tenants, a.Value.Rows)))
                .ToList();
    }
}
