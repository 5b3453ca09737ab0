using CallCentre.Contracts.Routing;
using NodaTime;
using NodaTime.Text;

namespace CallCentre.SlaTracking.Counting;

public sealed record ReportQuery(string TenantId, LocalDate From, LocalDate To, Granularity Granularity, int IntervalMinutes = 30);

/// <summary><see cref="Queues"/>: the report's lines (<see cref="ReportLine"/>), each queue's voice line first.</summary>
public sealed record ReportSubject(string TenantId, string TenantName, string TimeZone, string Language,
    IReadOnlyList<(string Id, string Name)> Queues);

/// <summary>Pure; calls belong to the period in which they were queued, fed in any order.</summary>
public sealed class SlaReportBuilder
{
    public const string TotalQueueId = "*";
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;
    private static readonly YearMonthPattern MonthPattern = YearMonthPattern.CreateWithInvariantCulture("uuuu-MM");

    private readonly ReportQuery _query;
    private readonly ReportSubject _subject;
    private readonly ContractBook _contracts;
    private readonly ReportingCalendar _calendar;
    private readonly DateTimeOffset _from, _to;
    private readonly Dictionary<string, int> _queueIndex;
    private readonly Dictionary<(string Queue, DateTimeOffset Start), FiguresAccumulator> _rows = new();
    private readonly Dictionary<(string Queue, DateTimeOffset Start), (ReportPeriod Period, SlaContract Contract, FiguresAccumulator Figures)> _measured = new();
    private readonly Dictionary<(string Queue, string Month), FiguresAccumulator> _months = new();
    private readonly HashSet<SlaContract> _used = new(ReferenceEqualityComparer.Instance);
    // Records come in queued order from the store: most fall in the period of the one before.
    private ReportPeriod? _lastRow;
    private ((MeasurementPeriod, int) Kind, ReportPeriod Period)? _lastMeasured;

    public SlaReportBuilder(ReportQuery query, ReportSubject subject, ContractBook contracts)
    {
        _query = query;
        _subject = subject;
        _contracts = contracts;
        _calendar = new ReportingCalendar(subject.TimeZone);
        (_from, _to) = _calendar.Range(query.From, query.To);
        _queueIndex = subject.Queues.Select((q, i) => (q.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
    }

    public (DateTimeOffset From, DateTimeOffset To) Range => (_from, _to);

    public void Add(CallRecord call)
    {
        if (call.TenantId != _subject.TenantId || !_queueIndex.ContainsKey(call.Line) || call.QueuedAt < _from || call.QueuedAt >= _to)
            return;
        var (row, total, rowContract, measured, month, measuredContract) = Place(call.Line, call.QueuedAt);
        row.Add(call, rowContract);
        total.Add(call, rowContract);
        measured.Add(call, measuredContract);
        month.Add(call, measuredContract);
    }

    /// <summary>Null when the report does not cover the call.</summary>
    public ReportContact? Explain(CallRecord call)
    {
        if (call.TenantId != _subject.TenantId || !_queueIndex.TryGetValue(call.Line, out var queue) || call.QueuedAt < _from
            || call.QueuedAt >= _to)
            return null;
        var row = RowOf(call.QueuedAt);
        var contract = _contracts.For(call.Line, row.Start);
        var shown = _calendar.Describe(row.Start, row.End);
        call = call.Under(contract.Measure);
        var count = CallCounting.Count(call, contract);
        return new ReportContact(call.CallId, call.QueueId, _subject.Queues[queue].Name, shown.LocalStart, shown.UtcOffset, row.Start,
            call.QueuedAt, _calendar.Describe(call.QueuedAt, call.QueuedAt).LocalStart, call.WaitMilliseconds / 1000.0, count.Outcome.Word(),
            call.HandleSeconds, call.Transfers, contract.Version, contract.ThresholdSeconds, count.WithinThreshold, count.ServiceLevel.Word(), call.Kind);
    }

    /// <summary><paramref name="measuredCalls"/>: the same calls under the measured period's measure, when it is not the row's.</summary>
    public void Add(CallAggregate calls, CallAggregate? measuredCalls = null)
    {
        if (!_queueIndex.ContainsKey(calls.QueueId) || calls.Start < _from || calls.Start >= _to)
            return;
        var (row, total, rowContract, measured, month, measuredContract) = Place(calls.QueueId, calls.Start);
        row.Add(calls, calls.ForRow, rowContract);
        total.Add(calls, calls.ForRow, rowContract);
        var m = measuredCalls ?? calls;
        measured.Add(m, m.ForMeasured, measuredContract);
        month.Add(m, m.ForMeasured, measuredContract);
    }

    /// <summary>Row under the version at the row's start; measured period under the one at its start.</summary>
    private (FiguresAccumulator Row, FiguresAccumulator Total, SlaContract RowContract, FiguresAccumulator Measured,
        FiguresAccumulator Month, SlaContract MeasuredContract) Place(string queueId, DateTimeOffset at)
    {
        var rowStart = RowOf(at).Start;
        var rowContract = _contracts.For(queueId, rowStart);
        _used.Add(rowContract);

        // Compliance: the period the contract measures, under the version in force at that period's start.
        var inForce = _contracts.For(queueId, at);
        var measuredKind = (inForce.Period, inForce.IntervalMinutes);
        var measured = _lastMeasured is { } lm && lm.Kind == measuredKind && at >= lm.Period.Start && at < lm.Period.End
            ? lm.Period
            : (_lastMeasured = (measuredKind, Clip(_calendar.PeriodOf(at, ToGranularity(inForce.Period), inForce.IntervalMinutes)))).Value.Period;
        var key = (queueId, measured.Start);
        if (!_measured.TryGetValue(key, out var m))
        {
            var contract = _contracts.For(queueId, measured.Start);
            _used.Add(contract);
            _measured[key] = m = (measured, contract, new FiguresAccumulator());
        }
        var totalLine = ReportLine.Of(TotalQueueId, ReportLine.Split(queueId).Kind);
        return (Accumulator(_rows, (queueId, rowStart)), Accumulator(_rows, (totalLine, rowStart)), rowContract, m.Figures,
            Accumulator(_months, (queueId, MonthOf(measured.Start))), m.Contract);
    }

    private ReportPeriod RowOf(DateTimeOffset at) => _lastRow is { } last && at >= last.Start && at < last.End
        ? last
        : _lastRow = Clip(_calendar.PeriodOf(at, _query.Granularity, _query.IntervalMinutes));

    /// <summary>Null when the zone's offsets are not whole quarter-hours in the range: feed records instead.</summary>
    public IReadOnlyList<AggregationPiece>? AggregationPieces()
    {
        var quarter = AggregationBucketMilliseconds;
        foreach (var zoneInterval in _calendar.Zone.GetZoneIntervals(NodaTime.Instant.FromDateTimeOffset(_from), NodaTime.Instant.FromDateTimeOffset(_to)))
        {
            if (zoneInterval.WallOffset.Milliseconds % quarter != 0)
                return null;
            if (zoneInterval.HasStart && zoneInterval.Start.ToUnixTimeMilliseconds() > _from.ToUnixTimeMilliseconds()
                && zoneInterval.Start.ToUnixTimeMilliseconds() % quarter != 0)
                return null;
        }
        var kinds = _contracts.All.Select(c => (c.Period, c.IntervalMinutes)).Distinct().ToList();
        var pieces = new List<AggregationPiece>();
        foreach (var (queueId, _) in _subject.Queues)
        {
            var cuts = new SortedSet<DateTimeOffset> { _from, _to };
            foreach (var change in _contracts.ChangesFor(queueId))
            {
                if (change <= _from || change >= _to)
                    continue;
                // The version in force changes at the change; a row's or a measured period's version at the next start.
                cuts.Add(change);
                var row = _calendar.PeriodOf(change, _query.Granularity, _query.IntervalMinutes);
                cuts.Add(row.Start);
                cuts.Add(row.End);
                foreach (var (period, minutes) in kinds)
                {
                    var measured = _calendar.PeriodOf(change, ToGranularity(period), minutes);
                    cuts.Add(measured.Start);
                    cuts.Add(measured.End);
                }
            }
            var points = cuts.Where(c => c >= _from && c <= _to).ToList();
            for (var i = 0; i + 1 < points.Count; i++)
            {
                var at = points[i];
                var rowContract = _contracts.For(queueId, RowOf(at).Start);
                var inForce = _contracts.For(queueId, at);
                var measuredStart = Clip(_calendar.PeriodOf(at, ToGranularity(inForce.Period), inForce.IntervalMinutes)).Start;
                var measuredContract = _contracts.For(queueId, measuredStart);
                pieces.Add(new AggregationPiece(queueId, at, points[i + 1], rowContract.ThresholdSeconds, rowContract.ShortAbandonSeconds,
                    measuredContract.ThresholdSeconds, measuredContract.ShortAbandonSeconds, rowContract.Measure, measuredContract.Measure));
            }
        }
        return pieces;
    }

    public const long AggregationBucketMilliseconds = 15 * 60 * 1000;

    public void AddRange(IEnumerable<CallRecord> calls)
    {
        foreach (var call in calls)
            Add(call);
    }

    public SlaReport Build(DateTimeOffset generatedAt)
    {
        var rows = new List<SlaReportRow>();
        var present = _subject.Queues.Select(q => ReportLine.Split(q.Id).Kind).ToHashSet();
        var kinds = ContactKinds.All.Where(k => k == ContactKinds.Voice || present.Contains(k)).ToList();
        foreach (var period in _calendar.Periods(_from, _to, _query.Granularity, _query.IntervalMinutes))
        {
            foreach (var (id, name) in _subject.Queues)
            {
                var contract = _contracts.For(id, period.Start);
                var figures = _rows.TryGetValue((id, period.Start), out var acc) ? acc.ToFigures() : PeriodFigures.Empty;
                var (queueId, kind) = ReportLine.Split(id);
                rows.Add(new SlaReportRow(period.LocalStart, period.UtcOffset, period.Start, period.End, queueId, name, contract.Version,
                    contract.ServiceLevelTarget, contract.ThresholdSeconds, figures, kind));
            }
            // One total per kind: a chat and a call are not added up into one service level.
            foreach (var kind in kinds)
            {
                var total = _rows.TryGetValue((ReportLine.Of(TotalQueueId, kind), period.Start), out var t) ? t.ToFigures() : PeriodFigures.Empty;
                rows.Add(new SlaReportRow(period.LocalStart, period.UtcOffset, period.Start, period.End, TotalQueueId, "Total", null, null, null,
                    total, kind));
            }
        }

        var compliance = new List<MonthlyCompliance>();
        foreach (var month in _calendar.Periods(_from, _to, Granularity.Month))
        {
            var monthKey = MonthOf(month.Start);
            var fullMonth = _calendar.PeriodOf(month.Start, Granularity.Month);
            var complete = fullMonth.Start == month.Start && fullMonth.End == month.End;
            foreach (var (id, name) in _subject.Queues)
            {
                var periods = _measured.Where(kv => kv.Key.Queue == id && kv.Key.Start >= month.Start && kv.Key.Start < month.End)
                    .OrderBy(kv => kv.Key.Start).Select(kv => kv.Value).ToList();
                compliance.Add(Summarise(monthKey, id, name, complete, month.Start, periods,
                    _months.TryGetValue((id, monthKey), out var mf) ? mf.ToFigures() : PeriodFigures.Empty));
            }
        }

        var used = _used.Concat(_subject.Queues.Select(q => _contracts.For(q.Id, _from)))
            .Distinct().OrderBy(c => c.QueueId ?? "").ThenBy(c => c.Kind, StringComparer.Ordinal).ThenBy(c => c.Version)
            .Select(ContractUsed.From).ToList();
        return new SlaReport(_subject.TenantId, _subject.TenantName, _subject.TimeZone, _subject.Language,
            DatePattern.Format(_query.From), DatePattern.Format(_query.To), _query.Granularity.ToString().ToLowerInvariant(),
            _query.Granularity == Granularity.Interval ? _query.IntervalMinutes : null, generatedAt, used, rows, compliance);
    }

    private MonthlyCompliance Summarise(string month, string queueId, string queueName, bool complete, DateTimeOffset monthStart,
        List<(ReportPeriod Period, SlaContract Contract, FiguresAccumulator Figures)> periods, PeriodFigures monthFigures)
    {
        int measured = 0, missedAny = 0;
        int slMet = 0, slMissed = 0, abMet = 0, abMissed = 0, asaMet = 0, asaMissed = 0, ahtMet = 0, ahtMissed = 0;
        decimal penalties = 0, credits = 0;
        foreach (var (_, contract, acc) in periods)
        {
            var verdict = ComplianceRules.Judge(acc.ToFigures(), contract);
            if (!verdict.Measured)
                continue;
            measured++;
            Count(verdict.ServiceLevelMet, ref slMet, ref slMissed);
            Count(verdict.AbandonmentMet, ref abMet, ref abMissed);
            Count(verdict.AsaMet, ref asaMet, ref asaMissed);
            Count(verdict.AhtMet, ref ahtMet, ref ahtMissed);
            if (verdict.AnyMissed)
            {
                missedAny++;
                penalties += contract.PenaltyPerMissedPeriod;
            }
            else
                credits += contract.CreditPerMetPeriod;
        }
        var current = _contracts.For(queueId, monthStart);
        var versions = periods.Select(p => p.Contract.Version).DefaultIfEmpty(current.Version).Distinct().Order().ToList();
        var governing = periods.Count > 0 ? periods[^1].Contract : current;
        var (queue, kind) = ReportLine.Split(queueId);
        return new MonthlyCompliance(month, queue, queueName, complete, versions, governing.Period.ToString().ToLowerInvariant(), monthFigures,
            measured, new TargetCount(slMet, slMissed),
            governing.MaxAbandonmentRate is null && abMet + abMissed == 0 ? null : new TargetCount(abMet, abMissed),
            governing.AsaTargetSeconds is null && asaMet + asaMissed == 0 ? null : new TargetCount(asaMet, asaMissed),
            governing.AhtTargetSeconds is null && ahtMet + ahtMissed == 0 ? null : new TargetCount(ahtMet, ahtMissed),
            missedAny, penalties, credits, governing.Currency, kind);
    }

    private static void Count(bool? verdict, ref int met, ref int missed)
    {
        if (verdict == true) met++;
        else if (verdict == false) missed++;
    }

    private ReportPeriod Clip(ReportPeriod p) =>
        p.Start >= _from && p.End <= _to ? p : p with { Start = p.Start < _from ? _from : p.Start, End = p.End > _to ? _to : p.End };

    private string MonthOf(DateTimeOffset instant)
    {
        var date = _calendar.DateOf(instant);
        return MonthPattern.Format(new YearMonth(date.Year, date.Month));
    }

    private static Granularity ToGranularity(MeasurementPeriod period) => period switch
    {
        MeasurementPeriod.Interval => Granularity.Interval,
        MeasurementPeriod.Day => Granularity.Day,
        _ => Granularity.Month,
    };

    private static FiguresAccumulator Accumulator<TKey>(Dictionary<TKey, FiguresAccumulator> map, TKey key) where TKey : notnull
    {
        if (!map.TryGetValue(key, out var acc))
            map[key] = acc = new FiguresAccumulator();
        return acc;
    }
}
