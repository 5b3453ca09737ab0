namespace CallCentre.Dashboard.Live;

/// <summary>The distinct sets of tenants that the wallboard connections may see, each with a SignalR group of its own, so
/// that the tiles changed in a tick go to a connection as one message, whatever the number of tenants it sees (a
/// supervisor of twenty clients gets one batch, not twenty), and per feed: whole <see cref="QueueMetrics"/> tiles, or
/// <see cref="TileRows"/>. Counted per connection, forgotten when the last leaves.</summary>
public sealed class WallboardAudiences
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (IReadOnlySet<string> Tenants, bool Rows, int Connections)> _groups = new(StringComparer.Ordinal);

    /// <summary>The group of connections that see exactly these tenants, with this feed.</summary>
    public static string GroupOf(IEnumerable<string> tenants, bool rows) =>
        (rows ? "rows:" : "tiles:") + string.Join(",", tenants.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    /// <summary>Counts a connection in its audience and returns the audience's group.</summary>
    public string Join(IReadOnlyCollection<string> tenants, bool rows)
    {
        var group = GroupOf(tenants, rows);
        lock (_gate)
        {
            _groups[group] = _groups.TryGetValue(group, out var known)
                ? known with { Connections = known.Connections + 1 }
                : (tenants.ToHashSet(StringComparer.Ordinal), rows, 1);
        }
        return group;
    }

    public void Leave(string group)
    {
        lock (_gate)
        {
            if (!_groups.TryGetValue(group, out var known))
                return;
            if (known.Connections <= 1)
                _groups.Remove(group);
            else
                _groups[group] = known with { Connections = known.Connections - 1 };
        }
    }

    /// <summary>Every audience with at least one connection.</summary>
    public IReadOnlyList<(string Group, IReadOnlySet<string> Tenants, bool Rows)> Current()
    {
        lock (_gate)
            return _groups.Select(g => (g.Key, g.Value.Tenants, g.Value.Rows)).ToList();
    }
}
