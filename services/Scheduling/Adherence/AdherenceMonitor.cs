using CallCentre.Contracts.Scheduling;
using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Messaging;
using CallCentre.Scheduling.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCentre.Scheduling.Adherence;

/// <summary>Announced episodes live in the database: the replica whose insert (or update) wins publishes through the outbox in the same transaction, so replicas and restarts neither repeat nor lose one.</summary>
public sealed class AdherenceMonitor(
    ScheduleStore schedules, AgentStateStore states, CentreDefinition centre, CentreCalendar calendar, AlertOutbox<SchedulingModule> outbox,
    TimeProvider time, IOptions<SchedulingOptions> options, ILogger<AdherenceMonitor> logger) : BackgroundService
{
    // Rows of concurrent transactions may become visible out of id order (PostgreSQL): each tail re-reads this many ids back.
    private const int TailOverlap = 1000;
    private const int TailBatch = 20_000;

    private readonly SemaphoreSlim _checking = new(1, 1);
    private readonly Dictionary<string, List<StateChange>> _history = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> _tenants = new(StringComparer.Ordinal);
    private long _lastId = -1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.AdherenceCheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await CheckAsync(stoppingToken);
                    await outbox.PublishPendingAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Adherence check failed; retrying at the next tick");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task<IReadOnlyList<object>> CheckAsync(CancellationToken ct = default)
    {
        await _checking.WaitAsync(ct);
        try
        {
            var now = time.GetUtcNow();
            var lookBackStart = now - AdherenceEngine.StatusLookBack;
            await LoadAsync(lookBackStart, now, ct);
            var today = calendar.DateOf(now);
            var days = (await schedules.ListAsync(today.AddDays(-2), today.AddDays(1), ct: ct)).ToLookup(d => d.AgentId, StringComparer.Ordinal);
            var announced = (await states.OpenEpisodesAsync(ct)).ToDictionary(e => e.AgentId, StringComparer.Ordinal);
            var published = new List<object>();
            var quickLook = options.Value.AdherenceThreshold + options.Value.AdherenceCheckInterval + TimeSpan.FromMinutes(1);
            foreach (var agent in centre.Agents)
            {
                var history = _history.TryGetValue(agent.Id, out var h) ? h : [];
                Prune(history, lookBackStart);
                var agentDays = days[agent.Id].ToList();
                var open = announced.GetValueOrDefault(agent.Id);
                // A busy agent has thousands of changes: look at the last minutes first, further back only when the stretch's start matters.
                var status = AdherenceEngine.Status(agentDays, From(history, now - quickLook), calendar, now, quickLook);
                if (open is not null || (status.InAdherence == false && status.Since <= now - quickLook))
                    status = AdherenceEngine.Status(agentDays, history, calendar, now);
                var decision = AdherenceExceptionPolicy.Decide(agent.Id, status, open, options.Value.AdherenceThreshold);
                var tenants = _tenants.GetValueOrDefault(agent.Id) ?? [];
                try
                {
                    if (decision.Clear is { } ended)
                    {
                        var until = decision.ClearedUntil ?? now;
                        var cleared = new AdherenceExceptionCleared(agent.Id, tenants, ended.Date, ended.Since, until, (int)(until - ended.Since).TotalSeconds, now);
                        if (await states.ClearEpisodeAsync(ended, cleared, now, ct) is { } ids)
                            published.AddRange(await outbox.PublishAsync(ids, ct));
                    }
                    if (decision.Raise is { } episode)
                    {
                        var raised = new AdherenceExceptionRaised(agent.Id, tenants, episode.Date, AgentStates.Name(status.Expected),
                            AgentStates.ExpectedState(status.Expected), status.State, status.Reason, episode.Since, (int)status.For.TotalSeconds, now);
                        if (await states.RaiseEpisodeAsync(episode, raised, now, ct) is { } ids)
                            published.AddRange(await outbox.PublishAsync(ids, ct));
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Not recorded: the next check decides again. One agent's failure does not hold up the others.
                    logger.LogWarning(e, "Adherence exception of {Agent} not completed; retrying at the next check", agent.Id);
                }
            }
            await PurgeAsync(now, ct);
            return published;
        }
        finally
        {
            _checking.Release();
        }
    }

    private DateTimeOffset _lastPurge = DateTimeOffset.MinValue;

    private async Task PurgeAsync(DateTimeOffset now, CancellationToken ct)
    {
        if (now - _lastPurge < TimeSpan.FromHours(1))
            return;
        _lastPurge = now;
        var purged = await states.PurgeAsync(now.AddDays(-options.Value.StateHistoryRetentionDays), ct);
        if (purged > 0)
            logger.LogInformation("Purged {Count} agent state changes older than {Days} days", purged, options.Value.StateHistoryRetentionDays);
    }

    private async Task LoadAsync(DateTimeOffset lookBackStart, DateTimeOffset now, CancellationToken ct)
    {
        if (_lastId < 0)
        {
            var last = await states.LastIdAsync(ct);
            foreach (var row in await states.ListAsync(lookBackStart, now.AddDays(1), ct: ct))
                Add(row);
            _lastId = last;
            return;
        }
        while (true)
        {
            var rows = await states.TailAsync(Math.Max(0, _lastId - TailOverlap), TailBatch, ct);
            foreach (var row in rows)
                Add(row);
            var max = rows.Count == 0 ? _lastId : Math.Max(_lastId, rows[^1].Id);
            if (rows.Count < TailBatch || max == _lastId)
            {
                _lastId = max;
                return;
            }
            _lastId = max;
        }
    }

    private void Add(AgentStateStore.StoredChange row)
    {
        if (!_history.TryGetValue(row.AgentId, out var list))
            _history[row.AgentId] = list = [];
        var change = row.Change;
        // Keep time order; a change already held (same instant, state and reason) is the same change again.
        var i = list.Count;
        while (i > 0 && list[i - 1].At > change.At)
            i--;
        for (var j = i - 1; j >= 0 && list[j].At == change.At; j--)
            if (list[j] == change)
                return;
        list.Insert(i, change);
        if (i == list.Count - 1)
            _tenants[row.AgentId] = row.TenantIds;
    }

    private static List<StateChange> From(List<StateChange> history, DateTimeOffset from)
    {
        int lo = 0, hi = history.Count; // first index with At > from
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (history[mid].At <= from) lo = mid + 1; else hi = mid;
        }
        var first = Math.Max(0, lo - 1);
        // Changes at the same instant as the one in force keep their order: start at the first of them.
        while (first > 0 && history[first - 1].At == history[first].At)
            first--;
        return first == 0 ? history : history.GetRange(first, history.Count - first);
    }

    /// <summary>Drops the changes before <paramref name="from"/> but the last of them (the state in force at <paramref name="from"/>).</summary>
    private static void Prune(List<StateChange> history, DateTimeOffset from)
    {
        var before = 0;
        while (before < history.Count && history[before].At < from)
            before++;
        if (before > 1)
            history.RemoveRange(0, before - 1);
    }
}
