using CallCentre.Contracts.Routing;
using CallCentre.Contracts.Sla;
using CallCentre.Hosting.Centre;

namespace CallCentre.Dashboard.Live;

/// <summary>Events older than what the tile shows are ignored: delivery is unordered.</summary>
public sealed class QueueBoard
{
    private readonly object _gate = new();
    private readonly Dictionary<string, QueueMetrics> _tiles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTimeOffset Snapshot, DateTimeOffset Sla)> _asOf = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _sentAt = new(StringComparer.Ordinal);

    public QueueBoard(CentreCatalog catalog)
    {
        catalog.Changed += change => { if (change.Queue is { } queue) Configure(queue); };
        foreach (var q in catalog.Current.Queues)
            Configure(q, announce: false);
    }

    /// <summary>Announced changes reach the wallboards at the next tick.</summary>
    public void Configure(QueueConfiguration q, bool announce = true)
    {
        lock (_gate)
        {
            if (_tiles.TryGetValue(q.Id, out var tile))
            {
                _tiles[q.Id] = tile with { QueueName = q.Name, LineOfBusiness = q.LineOfBusiness, Language = q.Language };
                _changed.Add(q.Id);
                return;
            }
            _tiles[q.Id] = new QueueMetrics(q.TenantId, q.Id, q.Name, q.LineOfBusiness, q.Language, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, q.ServiceLevelThresholdSeconds, 1.0, q.ServiceLevelTarget, 0, 0, DateTimeOffset.MinValue);
            _asOf[q.Id] = (DateTimeOffset.MinValue, DateTimeOffset.MinValue);
            if (announce) _changed.Add(q.Id);
        }
    }

    public void Apply(QueueSnapshot s)
    {
        lock (_gate)
        {
            if (!_tiles.TryGetValue(s.QueueId, out var tile) || tile.TenantId != s.TenantId || _asOf[s.QueueId].Snapshot > s.At)
                return;
            _asOf[s.QueueId] = (s.At, _asOf[s.QueueId].Sla);
            _tiles[s.QueueId] = tile with
            {
                CallsWaiting = s.CallsWaiting, OldestWaitSeconds = s.OldestWaitSeconds, AgentsAvailable = s.AgentsAvailable,
                AgentsReserved = s.AgentsReserved, AgentsOnCall = s.AgentsOnCall, AgentsAfterCallWork = s.AgentsAfterCallWork,
                AgentsNotReady = s.AgentsNotReady, UpdatedAt = Max(tile.UpdatedAt, s.At),
                WaitingByKind = s.WaitingByKind ?? new Dictionary<string, int>(),
            };
            _changed.Add(s.QueueId);
        }
    }

    public void Apply(QueueServiceLevelUpdated u)
    {
        lock (_gate)
        {
            if (!_tiles.TryGetValue(u.QueueId, out var tile) || tile.TenantId != u.TenantId || _asOf[u.QueueId].Sla > u.At)
                return;
            _asOf[u.QueueId] = (_asOf[u.QueueId].Snapshot, u.At);
            _tiles[u.QueueId] = tile with
            {
                Offered = u.Offered, Answered = u.Answered, Abandoned = u.Abandoned, AnsweredWithinThreshold = u.AnsweredWithinThreshold,
                ThresholdSeconds = u.ThresholdSeconds, ServiceLevel = u.ServiceLevel, TargetServiceLevel = u.TargetServiceLevel,
                AverageSpeedOfAnswerSeconds = u.AverageSpeedOfAnswerSeconds, AverageHandleSeconds = u.AverageHandleSeconds,
                UpdatedAt = Max(tile.UpdatedAt, u.At),
            };
            _changed.Add(u.QueueId);
        }
    }

    public IReadOnlyList<QueueMetrics> ForTenants(IReadOnlyCollection<string> tenants)
    {
        lock (_gate)
            return _tiles.Values.Where(t => tenants.Contains(t.TenantId)).OrderBy(t => t.QueueId, StringComparer.Ordinal).ToList();
    }

    public int PendingCount
    {
        get
        {
            lock (_gate)
                return _changed.Count;
        }
    }

    public IReadOnlyList<QueueMetrics> TakeChanged(DateTimeOffset now, TimeSpan minInterval)
    {
        lock (_gate)
        {
            if (_changed.Count == 0)
                return [];
            var taken = new List<QueueMetrics>(_changed.Count);
            foreach (var id in _changed)
            {
                if (_sentAt.TryGetValue(id, out var sent) && now - sent < minInterval)
                    continue;
                taken.Add(_tiles[id]);
                _sentAt[id] = now;
            }
            foreach (var tile in taken)
                _changed.Remove(tile.QueueId);
            return taken;
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
