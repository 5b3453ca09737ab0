using NodaTime;
using NodaTime.Text;

namespace CallCentre.SlaTracking.Counting;

/// <summary>What a report is asked for: a tenant's local dates [From, To] inclusive, cut by <see cref="Granularity"/>.</summary>
public sealed record ReportQuery(string TenantId, LocalDate From, LocalDate To, Granularity Granularity, int IntervalMinutes = 30);

/// <summary>The tenant and queues a report is about.</summary>
public sealed record ReportSubject(string TenantId, string TenantName, string TimeZone, string Language,
    IReadOnlyList<(string Id, string Name)> Queues);

/// <summary>Builds a <see cref="SlaReport"/> from call records fed in any order (pure: no I/O, no clock). Calls belong to the
/// period in which they were queued; calls outside the report's range or of other tenants and queues are ignored.</summary>
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

    /// <summary>The instants [From, To) the report covers: call records queued in it are the ones to feed.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Range => (_from, _to);

    public void Add(CallRecord call)
    {
        if (call.TenantId != _subject.TenantId || !_queueIndex.ContainsKey(call.QueueId) || call.QueuedAt < _from || call.QueuedAt >= _to)
            return;

        var rowStart = (_lastRow is { } last && call.QueuedAt >= last.Start && call.QueuedAt < last.End
            ? last
            : _lastRow = Clip(_calendar.PeriodOf(call.QueuedAt, _query.Granularity, _query.IntervalMinutes))).Start;
        var rowContract = _contracts.For(call.QueueId, rowStart);
        _used.Add(rowContract);
        Accumulator(_rows, (call.QueueId, rowStart)).Add(call, rowContract);
        Accumulator(_rows, (TotalQueueId, rowStart)).Add(call, rowContract);

        // Compliance: the period the contract measures, under the version in force at that period's start.
        var inForce = _contracts.For(call.QueueId, call.QueuedAt);
        var measuredKind = (inForce.Period, inForce.IntervalMinutes);
        var measured = _lastMeasured is { } lm && lm.Kind == measuredKind && call.QueuedAt >= lm.Period.Start && call.QueuedAt < lm.Period.End
            ? lm.Period
            : (_lastMeasured = (measuredKind, Clip(_calendar.PeriodOf(call.QueuedAt, ToGranularity(inForce.Period), inForce.IntervalMinutes)))).Value.Period;
        var key = (call.QueueId, measured.Start);
        if (!_measured.TryGetValue(key, out var m))
        {
            var contract = _contracts.For(call.QueueId, measured.Start);
            _used.Add(contract);
            _measured[key] = m = (measured, contract, new FiguresAccumulator());
        }
        m.Figures.Add(call, m.Contract);
        Accumulator(_months, (call.QueueId, MonthOf(measured.Start))).Add(call, m.Contract);
    }

    public void AddRange(IEnumerable<CallRecord> calls)
    {
        foreach (var call in calls)
            Add(call);
    }

    public SlaReport Build(DateTimeOffset generatedAt)
    {
        var rows = new List<SlaReportRow>();
        foreach (var period in _calendar.Periods(_from, _to, _query.Granularity, _query.IntervalMinutes))
        {
            foreach (var (id, name) in _subject.Queues)
            {
                var contract = _contracts.For(id, period.Start);
                var figures = _rows.TryGetValue((id, period.Start), out var acc) ? acc.ToFigures() : PeriodFigures.Empty;
                rows.Add(new SlaReportRow(period.LocalStart, period.UtcOffset, period.Start, period.End, id, name, contract.Version,
                    contract.ServiceLevelTarget, contract.ThresholdSeconds, figures));
            }
            var total = _rows.TryGetValue((TotalQueueId, period.Start), out var t) ? t.ToFigures() : PeriodFigures.Empty;
            rows.Add(new SlaReportRow(period.LocalStart, period.UtcOffset, period.Start, period.End, TotalQueueId, "Total", null, null, null, total));
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
            .Distinct().OrderBy(c => c.QueueId ?? "").ThenBy(c => c.Version).Select(ContractUsed.From).ToList();
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
        return new MonthlyCompliance(month, queueId, queueName, complete, versions, governing.Period.ToString().ToLowerInvariant(), monthFigures,
            measured, new TargetCount(slMet, slMissed),
            governing.MaxAbandonmentRate is null && abMet + abMissed == 0 ? null : new TargetCount(abMet, abMissed),
            governing.AsaTargetSeconds is null && asaMet + asaMissed == 0 ? null : new TargetCount(asaMet, asaMissed),
            governing.AhtTargetSeconds is null && ahtMet + ahtMissed == 0 ? null : new TargetCount(ahtMet, ahtMissed),
            missedAny, penalties, credits, governing.Currency);
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
