namespace CallCentre.SlaTracking.Counting;

/// <summary>Every ratio carries the counts it is made of; null when its denominator is zero.</summary>
public sealed record PeriodFigures(
    long Offered,
    long Answered,
    long Abandoned,
    long ShortAbandons,
    long Waiting,
    long Rejected,
    long AnsweredWithinThreshold,
    long AbandonedWithinThreshold,
    long ServiceLevelNumerator,
    long ServiceLevelDenominator,
    double? ServiceLevel,
    double? AbandonmentRate,
    double TotalWaitAnsweredSeconds,
    double? AverageSpeedOfAnswerSeconds,
    long Completed,
    double TotalHandleSeconds,
    double? AverageHandleSeconds,
    double LongestWaitSeconds,
    long Transfers)
{
    public static readonly PeriodFigures Empty = new FiguresAccumulator().ToFigures();

    public long CountedAbandons => Abandoned - ShortAbandons;
}

/// <summary>Order-independent: the same calls in any order give the same figures.</summary>
public sealed class FiguresAccumulator
{
    private long _offered, _answered, _abandoned, _short, _waiting, _rejected, _answeredWithin, _abandonedWithin, _numerator, _denominator;
    private long _waitAnsweredMs, _completed, _longestWaitMs, _transfers;
    private decimal _handleSeconds; // decimal: a sum that does not depend on the order of the calls

    public long Offered => _offered;

    public void Add(CallRecord call, SlaContract contract)
    {
        call = call.Under(contract.Measure);
        _offered++;
        _transfers += call.Transfers;
        if (call.WaitMilliseconds is { } wait)
            _longestWaitMs = Math.Max(_longestWaitMs, wait);

        var count = CallCounting.Count(call, contract);
        switch (count.Outcome)
        {
            case CallOutcome.Answered:
                _answered++;
                _waitAnsweredMs += call.WaitMilliseconds!.Value;
                if (count.WithinThreshold) _answeredWithin++;
                break;
            case CallOutcome.Abandoned:
                _abandoned++;
                if (count.WithinThreshold) _abandonedWithin++;
                break;
            case CallOutcome.ShortAbandon:
                _abandoned++;
                _short++;
                break;
            case CallOutcome.Rejected or CallOutcome.RejectedClosed:
                _rejected++;
                break;
            default:
                _waiting++;
                break;
        }
        if (count.ServiceLevel == ServiceLevelShare.Met) _numerator++;
        if (count.ServiceLevel != ServiceLevelShare.NotCounted) _denominator++;

        if (call.HandleSeconds is { } handle)
        {
            _completed++;
            _handleSeconds += (decimal)handle;
        }
    }

    public void Add(CallAggregate calls, ThresholdCounts counts, SlaContract contract)
    {
        _offered += calls.Offered;
        _transfers += calls.Transfers;
        _longestWaitMs = Math.Max(_longestWaitMs, calls.LongestWaitMilliseconds);

        _answered += calls.Answered;
        _waitAnsweredMs += calls.WaitAnsweredMilliseconds;
        _denominator += calls.Answered;
        _answeredWithin += counts.AnsweredWithin;
        _numerator += counts.AnsweredWithin;

        _abandoned += calls.Abandoned;
        _short += counts.ShortAbandons;
        var counted = calls.Abandoned - counts.ShortAbandons;
        _abandonedWithin += counts.AbandonedWithin;
        if (contract.AbandonsWithinThresholdAsMet)
        {
            _numerator += counts.AbandonedWithin;
            _denominator += counts.AbandonedWithin;
            if (contract.AbandonsInDenominator)
                _denominator += counted - counts.AbandonedWithin;
        }
        else if (contract.AbandonsInDenominator)
            _denominator += counted;

        _rejected += calls.Rejected;
        _denominator += calls.RejectedNotClosed;
        _waiting += calls.Waiting;
        _completed += calls.Completed;
        _handleSeconds += calls.HandleSeconds;
    }

    public PeriodFigures ToFigures()
    {
        var counted = _abandoned - _short;
        var handle = (double)_handleSeconds;
        var waitAnswered = _waitAnsweredMs / 1000.0;
        return new PeriodFigures(
            _offered, _answered, _abandoned, _short, _waiting, _rejected, _answeredWithin, _abandonedWithin, _numerator, _denominator,
            _denominator == 0 ? null : (double)_numerator / _denominator,
            _answered + counted == 0 ? null : (double)counted / (_answered + counted),
            waitAnswered,
            _answered == 0 ? null : waitAnswered / _answered,
            _completed, handle,
            _completed == 0 ? null : handle / _completed,
            _longestWaitMs / 1000.0,
            _transfers);
    }
}
