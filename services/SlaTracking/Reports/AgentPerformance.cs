using System.Text.Json.Serialization;
using CallCentre.Contracts.Routing;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Data;

namespace CallCentre.SlaTracking.Reports;

/// <summary>One agent's answered legs of one 15-minute UTC bucket (<c>answered_at / 900000</c>), already added up.</summary>
public readonly record struct AgentLegBucket(string AgentId, long Bucket, long Answered, long Transfers, double TalkSeconds, double HoldSeconds,
    double WrapUpSeconds);

public readonly record struct AgentOfferBucket(string AgentId, long Bucket, long Offered, long Missed, long Rejected);

public readonly record struct AgentStateBucket(string AgentId, long Bucket, double LoggedInSeconds, double StaffedSeconds, double BusySeconds);

public readonly record struct AgentNotReadyBucket(string AgentId, long Bucket, string Reason, double Seconds);

public sealed record AgentReportSums(AgentPerformanceCounter.Sums Sums, IReadOnlyList<AgentNotReadyBucket> NotReady,
    IReadOnlyList<AgentStateChange> OpenStates, IReadOnlyList<HandleTimeBin> HandleTimeDistribution);

/// <summary>Scheduling's figures of one agent's schedule day, which starts at <paramref name="DayStart"/> (centre's zone).</summary>
public sealed record AgentAdherenceDay(string AgentId, DateTimeOffset DayStart, double ScheduledMinutes, double InAdherenceMinutes, double WorkMinutes,
    double OnPhoneMinutes);

public sealed record AgentStateChange(string AgentId, string State, string? Reason, DateTimeOffset At);

/// <summary>One agent (or the centre, null) over one period or <c>total</c> (docs/reporting.md, Figures).</summary>
public sealed record AgentPerformanceRow(
    string Period, string UtcOffset, string? AgentId, string AgentName,
    long Offered, long Answered, long Missed, long Rejected, long Transfers,
    double TalkSeconds, double HoldSeconds, double AfterCallWorkSeconds, double HandleSeconds,
    double? AverageTalkSeconds, double? AverageHoldSeconds, double? AverageAfterCallWorkSeconds, double? AverageHandleSeconds,
    double LoggedInSeconds, double StaffedSeconds, double BusySeconds, double? Occupancy,
    double NotReadySeconds, IReadOnlyDictionary<string, double> NotReadyByReason, double? Adherence = null, double? Conformance = null,
    string? Team = null)
{
    [JsonIgnore] public bool IsCentre => AgentId is null && Team is null;
}

/// <summary>Each agent's team, and the one team a report is limited to (<paramref name="Only"/>; null: every agent).</summary>
public sealed record AgentTeams(IReadOnlyDictionary<string, string> TeamOf, string? Only = null)
{
    public static readonly AgentTeams None = new(new Dictionary<string, string>());
}

/// <summary>How many of an agent's legs took a handle time in [<see cref="FromSeconds"/>, <see cref="FromSeconds"/> + bin).</summary>
public sealed record HandleTimeBin(string AgentId, int FromSeconds, long Legs);

public sealed record AgentPerformanceReport(
    IReadOnlyList<string> TenantIds, string TimeZone, string From, string To, string Granularity, int? IntervalMinutes,
    DateTimeOffset GeneratedAt, IReadOnlyList<AgentPerformanceRow> Rows, int HandleTimeBinSeconds, IReadOnlyList<HandleTimeBin> HandleTimeDistribution)
{
    public const string Total = "total";
    /// <summary>The one team the report is limited to; null: every agent.</summary>
    public string? Team { get; init; }
}

/// <summary>The one place the agent figures are computed (docs/reporting.md).</summary>
public static class AgentPerformanceCounter
{
    public const long BucketMilliseconds = 900_000;
    private const string LoggedOut = "LoggedOut", NotReady = "NotReady", Unspecified = "unspecified";
    private static readonly TimeSpan MinimumDay = TimeSpan.FromHours(23);

    /// <summary>From the stored changes themselves: each state lasts until the agent's next change in <paramref name="states"/>.</summary>
    public static IReadOnlyList<AgentPerformanceRow> Count(IReadOnlyList<ReportPeriod> periods, IEnumerable<AgentLegBucket> legs,
        IEnumerable<AgentOfferBucket> offers, IEnumerable<AgentStateChange> states, IReadOnlyDictionary<string, string> agentNames,
        DateTimeOffset now, AgentTeams? teams = null)
    {
        var cells = CallSums(periods, legs, offers).Cells;
        foreach (var agent in states.GroupBy(s => s.AgentId))
        {
            // Same instant: a stable order, so that the result does not depend on the order the changes came in.
            var ordered = agent.OrderBy(s => s.At).ThenBy(s => s.State, StringComparer.Ordinal).ToList();
            for (var k = 0; k < ordered.Count; k++)
                AddStateTime(cells, ordered[k], k + 1 < ordered.Count ? ordered[k + 1].At : now);
        }
        return Rows(cells, agentNames, teams ?? AgentTeams.None);
    }

    /// <summary>From the sums kept per bucket: the closed state time already added up (<paramref name="stateTime"/>,
    /// <paramref name="notReady"/>), and each agent's open state (its latest change, <paramref name="openStates"/>) until now.</summary>
    public static IReadOnlyList<AgentPerformanceRow> Count(IReadOnlyList<ReportPeriod> periods, IEnumerable<AgentLegBucket> legs,
        IEnumerable<AgentOfferBucket> offers, IEnumerable<AgentStateBucket> stateTime, IEnumerable<AgentNotReadyBucket> notReady,
        IEnumerable<AgentStateChange> openStates, IReadOnlyDictionary<string, string> agentNames, DateTimeOffset now,
        IEnumerable<AgentAdherenceDay>? adherence = null, AgentTeams? teams = null)
    {
        var sums = CallSums(periods, legs, offers);
        foreach (var s in stateTime)
            sums.AddStateTime(s.AgentId, s.Bucket, s.LoggedInSeconds, s.StaffedSeconds, s.BusySeconds);
        return Count(sums, notReady, openStates, agentNames, now, adherence, teams);
    }

    public static IReadOnlyList<AgentPerformanceRow> Count(Sums sums, IEnumerable<AgentNotReadyBucket> notReady,
        IEnumerable<AgentStateChange> openStates, IReadOnlyDictionary<string, string> agentNames, DateTimeOffset now,
        IEnumerable<AgentAdherenceDay>? adherence = null, AgentTeams? teams = null)
    {
        var cells = sums.Cells;
        foreach (var n in notReady)
            if (cells.PeriodOf(n.Bucket) is var i and >= 0)
                cells.At(n.AgentId, i).AddNotReady(n.Reason, n.Seconds);
        foreach (var open in openStates)
            AddStateTime(cells, open, now);
        AddAdherence(cells, adherence ?? []);
        return Rows(cells, agentNames, teams ?? AgentTeams.None);
    }

    private static Sums CallSums(IReadOnlyList<ReportPeriod> periods, IEnumerable<AgentLegBucket> legs, IEnumerable<AgentOfferBucket> offers)
    {
        var sums = new Sums(periods);
        foreach (var l in legs)
            sums.AddLegs(l.AgentId, l.Bucket, l.Answered, l.Transfers, l.TalkSeconds, l.HoldSeconds, l.WrapUpSeconds);
        foreach (var o in offers)
            sums.AddOffers(o.AgentId, o.Bucket, o.Offered, o.Missed, o.Rejected);
        return sums;
    }

    /// <summary>Each agent's bucket sums added up per period as they come, so that none is held in a list.</summary>
    public sealed class Sums(IReadOnlyList<ReportPeriod> periods)
    {
        internal Cells Cells { get; } = new(periods);

        public void AddLegs(string agent, long bucket, long answered, long transfers, double talk, double hold, double wrapUp)
        {
            if (Cells.PeriodOf(bucket) is var i and >= 0)
            {
                var c = Cells.At(agent, i);
                c.Answered += answered; c.Transfers += transfers; c.Talk += talk; c.Hold += hold; c.WrapUp += wrapUp;
            }
        }

        public void AddOffers(string agent, long bucket, long offered, long missed, long rejected)
        {
            if (Cells.PeriodOf(bucket) is var i and >= 0)
            {
                var c = Cells.At(agent, i);
                c.Offered += offered; c.Missed += missed; c.Rejected += rejected;
            }
        }

        public void AddStateTime(string agent, long bucket, double loggedIn, double staffed, double busy)
        {
            if (Cells.PeriodOf(bucket) is var i and >= 0)
            {
                var c = Cells.At(agent, i);
                c.LoggedIn += loggedIn; c.Staffed += staffed; c.Busy += busy;
            }
        }
    }

    /// <summary>Whole days only, for the agents the report lists already: adherence is the agent's own, like state time.</summary>
    private static void AddAdherence(Cells cells, IEnumerable<AgentAdherenceDay> days)
    {
        var periods = cells.Periods;
        foreach (var d in days)
            if (cells.Listed(d.AgentId) && IndexOf(periods, d.DayStart) is { } i && periods[i].End - periods[i].Start >= MinimumDay)
            {
                var c = cells.At(d.AgentId, i);
                c.Scheduled += d.ScheduledMinutes; c.InAdherence += d.InAdherenceMinutes; c.Work += d.WorkMinutes; c.OnPhone += d.OnPhoneMinutes;
            }
    }

    /// <summary>Adds state <paramref name="s"/>, lasting until <paramref name="to"/>, clipped to each period.</summary>
    private static void AddStateTime(Cells cells, AgentStateChange s, DateTimeOffset to)
    {
        if (s.State == LoggedOut)
            return;
        var periods = cells.Periods;
        for (var i = FirstOverlapping(periods, s.At); i < periods.Count && periods[i].Start < to; i++)
        {
            var start = s.At > periods[i].Start ? s.At : periods[i].Start;
            var end = to < periods[i].End ? to : periods[i].End;
            if (end <= start)
                continue;
            var seconds = (end - start).TotalSeconds;
            var c = cells.At(s.AgentId, i);
            c.LoggedIn += seconds;
            if (OccupancyCounter.StaffedStates.Contains(s.State))
                c.Staffed += seconds;
            if (OccupancyCounter.BusyStates.Contains(s.State))
                c.Busy += seconds;
            if (s.State == NotReady)
                c.AddNotReady(string.IsNullOrEmpty(s.Reason) ? Unspecified : s.Reason, seconds);
        }
    }

    /// <summary>Agent rows, then each team's rows, then the centre's (left out when the report is limited to a team): a subtotal
    /// adds up its agents' cells and divides only then.</summary>
    private static List<AgentPerformanceRow> Rows(Cells cells, IReadOnlyDictionary<string, string> agentNames, AgentTeams teams)
    {
        var periods = cells.Periods;
        var rows = new List<AgentPerformanceRow>(cells.Count + cells.Agents.Count + periods.Count + 1);
        var centre = new Cell?[periods.Count];
        var teamCells = new SortedDictionary<string, Cell?[]>(StringComparer.Ordinal);
        static void AddTo(Cell?[] sums, int i, Cell cell) => (sums[i] ??= new Cell()).Add(cell);
        foreach (var (agent, agentCells) in cells.Agents.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var team = teams.TeamOf.GetValueOrDefault(agent);
            if (teams.Only is not null && team != teams.Only)
                continue;
            var name = agentNames.GetValueOrDefault(agent, agent);
            var teamSums = team is null ? null : teamCells.TryGetValue(team, out var t) ? t : teamCells[team] = new Cell?[periods.Count];
            var total = new Cell();
            for (var i = 0; i < agentCells.Length; i++)
                if (agentCells[i] is { } cell)
                {
                    rows.Add(cell.Row(periods[i].LocalStart, periods[i].UtcOffset, agent, name, team));
                    total.Add(cell);
                    AddTo(centre, i, cell);
                    if (teamSums is not null)
                        AddTo(teamSums, i, cell);
                    // Released as soon as counted: a collection while the rows are built then has half the objects to trace.
                    agentCells[i] = null;
                }
            rows.Add(total.Row(AgentPerformanceReport.Total, "", agent, name, team));
        }
        foreach (var (team, byPeriod) in teamCells)
            PeriodRows(rows, byPeriod, periods, team);
        if (teams.Only is null || teamCells.Count == 0)
            PeriodRows(rows, centre, periods, teams.Only);
        return rows;
    }

    private static void PeriodRows(List<AgentPerformanceRow> rows, Cell?[] byPeriod, IReadOnlyList<ReportPeriod> periods, string? team)
    {
        var total = new Cell();
        for (var i = 0; i < byPeriod.Length; i++)
            if (byPeriod[i] is { } cell)
            {
                rows.Add(cell.Row(periods[i].LocalStart, periods[i].UtcOffset, null, "", team));
                total.Add(cell);
            }
        rows.Add(total.Row(AgentPerformanceReport.Total, "", null, "", team));
    }

    private static int? IndexOf(IReadOnlyList<ReportPeriod> periods, DateTimeOffset at)
    {
        var i = FirstOverlapping(periods, at);
        return i < periods.Count && periods[i].Start <= at ? i : null;
    }

    private static int FirstOverlapping(IReadOnlyList<ReportPeriod> periods, DateTimeOffset at)
    {
        int lo = 0, hi = periods.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (periods[mid].End <= at) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>Each agent's cells, one per period, and the period a bucket counts in: the one its start falls in.</summary>
    internal sealed class Cells
    {
        private readonly long[] _firstBuckets;
        private readonly long _end;

        public Cells(IReadOnlyList<ReportPeriod> periods)
        {
            Periods = periods;
            _firstBuckets = periods.Select(p => AgentBuckets.FirstBucketFrom(p.Start)).ToArray();
            _end = periods.Count == 0 ? 0 : AgentBuckets.FirstBucketFrom(periods[^1].End);
        }

        public IReadOnlyList<ReportPeriod> Periods { get; }
        public Dictionary<string, Cell?[]> Agents { get; } = new(StringComparer.Ordinal);
        public int Count { get; private set; }

        public int PeriodOf(long bucket)
        {
            if (_firstBuckets.Length == 0 || bucket < _firstBuckets[0] || bucket >= _end)
                return -1;
            var i = Array.BinarySearch(_firstBuckets, bucket);
            return i >= 0 ? i : ~i - 1;
        }

        public bool Listed(string agent) => Agents.ContainsKey(agent);

        private string? _lastAgent;
        private Cell?[] _lastRow = [];

        public Cell At(string agent, int period)
        {
            if (!ReferenceEquals(agent, _lastAgent))
            {
                if (!Agents.TryGetValue(agent, out var found))
                    Agents[agent] = found = new Cell?[Periods.Count];
                (_lastAgent, _lastRow) = (agent, found);
            }
            var row = _lastRow;
            if (row[period] is { } cell)
                return cell;
            Count++;
            return row[period] = new Cell();
        }
    }

    internal sealed class Cell
    {
        private static readonly IReadOnlyDictionary<string, double> NoReason = new Dictionary<string, double>();
        public long Offered, Answered, Missed, Rejected, Transfers;
        public double Talk, Hold, WrapUp, LoggedIn, Staffed, Busy, Scheduled, InAdherence, Work, OnPhone;
        private SortedDictionary<string, double>? _notReadyByReason;

        public void AddNotReady(string reason, double seconds)
        {
            _notReadyByReason ??= new SortedDictionary<string, double>(StringComparer.Ordinal);
            _notReadyByReason[reason] = _notReadyByReason.GetValueOrDefault(reason) + seconds;
        }

        public void Add(Cell o)
        {
            Offered += o.Offered; Answered += o.Answered; Missed += o.Missed; Rejected += o.Rejected; Transfers += o.Transfers;
            Talk += o.Talk; Hold += o.Hold; WrapUp += o.WrapUp; LoggedIn += o.LoggedIn; Staffed += o.Staffed; Busy += o.Busy;
            Scheduled += o.Scheduled; InAdherence += o.InAdherence; Work += o.Work; OnPhone += o.OnPhone;
            if (o._notReadyByReason is not null)
                foreach (var (reason, seconds) in o._notReadyByReason)
                    AddNotReady(reason, seconds);
        }

        public AgentPerformanceRow Row(string period, string offset, string? agentId, string name, string? team)
        {
            var handle = HandleTime.Of(Talk, Hold, WrapUp);
            double? Average(double sum) => Answered == 0 ? null : sum / Answered;
            return new AgentPerformanceRow(period, offset, agentId, name, Offered, Answered, Missed, Rejected, Transfers,
                Math.Round(Talk, 3), Math.Round(Hold, 3), Math.Round(WrapUp, 3), Math.Round(handle, 3),
                Average(Talk), Average(Hold), Average(WrapUp), Average(handle),
                Math.Round(LoggedIn, 3), Math.Round(Staffed, 3), Math.Round(Busy, 3), Staffed == 0 ? null : Busy / Staffed,
                Math.Round(_notReadyByReason?.Values.Sum() ?? 0, 3),
                _notReadyByReason?.ToDictionary(p => p.Key, p => Math.Round(p.Value, 3)) ?? NoReason,
                Scheduled > 0 ? InAdherence / Scheduled : null, Work > 0 ? OnPhone / Work : null, team);
        }
    }
}
