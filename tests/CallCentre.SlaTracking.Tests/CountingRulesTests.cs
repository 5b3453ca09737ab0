using CallCentre.SlaTracking.Counting;
using static CallCentre.SlaTracking.Tests.Calls;

namespace CallCentre.SlaTracking.Tests;

public sealed class CountingRulesTests
{
    private static readonly DateTimeOffset T0 = Utc(2026, 11, 10, 9, 0);

    [Theory]
    [InlineData(19.999, 1)]
    [InlineData(20.000, 1)]
    [InlineData(20.001, 0)]
    public void AnsweredAroundThreshold_WithinOnlyUpToAndIncludingIt(double wait, int within)
    {
        var f = Count([Answered(T0, wait)], Contract(threshold: 20));

        Assert.Equal(within, f.AnsweredWithinThreshold);
        Assert.Equal(within, f.ServiceLevelNumerator);
        Assert.Equal(1, f.ServiceLevelDenominator);
    }

    [Theory]
    [InlineData(4.999, 1)]
    [InlineData(5.000, 0)]
    [InlineData(5.001, 0)]
    public void AbandonAroundShortAbandonThreshold_ShortOnlyStrictlyBelowIt(double wait, int shortAbandons)
    {
        var f = Count([Answered(T0, 10), Abandoned(T0, wait)], Contract(shortAbandon: 5));

        Assert.Equal(1, f.Abandoned);
        Assert.Equal(shortAbandons, f.ShortAbandons);
        // A short abandon leaves every ratio alone; a counted one is in the denominator.
        Assert.Equal(shortAbandons == 1 ? 1 : 2, f.ServiceLevelDenominator);
        Assert.Equal(shortAbandons == 1 ? 0.0 : 0.5, f.AbandonmentRate);
    }

    [Theory]
    [InlineData(19.999, 1)]
    [InlineData(20.000, 1)]
    [InlineData(20.001, 0)]
    public void AbandonAroundThreshold_CountedAsMetOnlyUpToIt_WhenTheContractSaysSo(double wait, int met)
    {
        var f = Count([Abandoned(T0, wait)], Contract(abandonsWithinAsMet: true));

        Assert.Equal(met, f.AbandonedWithinThreshold);
        Assert.Equal(met, f.ServiceLevelNumerator);
        Assert.Equal(1, f.ServiceLevelDenominator);
    }

    // Three answered after 5, 20 and 25 s; abandons after 3, 10 and 40 s; threshold 20 s.
    private static IReadOnlyList<CallRecord> Mixed() =>
        [Answered(T0, 5), Answered(T0, 20), Answered(T0, 25), Abandoned(T0, 3), Abandoned(T0, 10), Abandoned(T0, 40)];

    [Theory]
    [InlineData(true, 5, false, 2, 5)]   // abandons counted, short ones (3 s) ignored: 2 / (3 + 2)
    [InlineData(false, 5, false, 2, 3)]  // abandons out of the denominator: 2 / 3
    [InlineData(true, 5, true, 3, 5)]    // abandon at 10 s counts as met: 3 / 5
    [InlineData(false, 5, true, 3, 4)]   // only abandons within the threshold enter, as met: 3 / 4
    [InlineData(true, 0, false, 2, 6)]   // no short-abandon threshold: 2 / 6
    [InlineData(true, 0, true, 4, 6)]    // abandons at 3 and 10 s count as met: 4 / 6
    public void ServiceLevel_FollowsTheContractsCountingRules(bool inDenominator, int shortAbandon, bool asMet, int numerator, int denominator)
    {
        var f = Count(Mixed(), Contract(abandonsInDenominator: inDenominator, shortAbandon: shortAbandon, abandonsWithinAsMet: asMet));

        Assert.Equal(numerator, f.ServiceLevelNumerator);
        Assert.Equal(denominator, f.ServiceLevelDenominator);
        Assert.Equal((double)numerator / denominator, f.ServiceLevel!.Value, 12);
    }

    [Fact]
    public void MixedCalls_GiveHandComputedFigures()
    {
        var f = Count(Mixed(), Contract(shortAbandon: 5));

        Assert.Equal(6, f.Offered);
        Assert.Equal(3, f.Answered);
        Assert.Equal(3, f.Abandoned);
        Assert.Equal(1, f.ShortAbandons);
        Assert.Equal(2, f.AnsweredWithinThreshold);
        Assert.Equal(0.4, f.AbandonmentRate!.Value, 12);             // 2 counted / (3 answered + 2 counted)
        Assert.Equal(50.0 / 3, f.AverageSpeedOfAnswerSeconds!.Value, 9); // (5 + 20 + 25) / 3
        Assert.Equal(50.0, f.TotalWaitAnsweredSeconds, 9);
        Assert.Equal(40.0, f.LongestWaitSeconds, 9);
    }

    [Fact]
    public void HandleTime_IsTalkPlusHoldPlusWrapUpOfCompletedCallsOnly()
    {
        var f = Count([Answered(T0, 5, talk: 100, hold: 20, wrapUp: 10), Answered(T0, 5, talk: 200), Answered(T0, 5)], Contract());

        Assert.Equal(2, f.Completed);
        Assert.Equal(330.0, f.TotalHandleSeconds, 9);
        Assert.Equal(165.0, f.AverageHandleSeconds!.Value, 9);
    }

    [Fact]
    public void WaitingCall_IsOfferedButOutOfEveryRatio()
    {
        var f = Count([Answered(T0, 30), Waiting(T0)], Contract());

        Assert.Equal(2, f.Offered);
        Assert.Equal(1, f.Waiting);
        Assert.Equal(0.0, f.ServiceLevel);
        Assert.Equal(0.0, f.AbandonmentRate);
    }

    [Fact]
    public void Transfers_AreSummed()
    {
        var f = Count([Answered(T0, 1, transfers: 2), Answered(T0, 1, transfers: 1), Answered(T0, 1)], Contract());

        Assert.Equal(3, f.Transfers);
    }

    [Fact]
    public void NoCalls_HaveNoRatios()
    {
        var f = Count([], Contract());

        Assert.Equal(0, f.Offered);
        Assert.Null(f.ServiceLevel);
        Assert.Null(f.AbandonmentRate);
        Assert.Null(f.AverageSpeedOfAnswerSeconds);
        Assert.Null(f.AverageHandleSeconds);
        Assert.Equal(PeriodFigures.Empty, f);
    }

    [Fact]
    public void SameCallsInAnyOrder_GiveIdenticalFigures()
    {
        var calls = Enumerable.Range(0, 200).Select(i => i % 3 == 0
            ? Abandoned(T0.AddSeconds(i), i % 50 / 1.7)
            : Answered(T0.AddSeconds(i), i % 37 / 1.3, talk: 60 + i / 7.0, hold: i % 5 * 1.1, wrapUp: 3.3)).ToList();
        var contract = Contract(shortAbandon: 5, abandonsWithinAsMet: true);

        var inOrder = Count(calls, contract);
        for (var seed = 1; seed <= 5; seed++)
            Assert.Equal(inOrder, Count(Shuffled(calls, seed), contract));
    }

    [Theory]
    [InlineData(0.8, 0.8, true)]
    [InlineData(0.79999, 0.8, false)]
    public void ServiceLevelAtExactlyTheTarget_IsMet(double serviceLevel, double target, bool met)
    {
        var f = PeriodFigures.Empty with { ServiceLevel = serviceLevel, ServiceLevelDenominator = 10 };

        Assert.Equal(met, ComplianceRules.Judge(f, Contract(target: target)).ServiceLevelMet);
    }

    [Fact]
    public void Judge_EachTargetSeparately_UnsetTargetsNotJudged()
    {
        var f = Count([Answered(T0, 10, talk: 300), Answered(T0, 30, talk: 100), Abandoned(T0, 60)], Contract());
        var contract = Contract(target: 0.3) with { MaxAbandonmentRate = 0.25, AsaTargetSeconds = 20, AhtTargetSeconds = null };

        var verdict = ComplianceRules.Judge(f, contract);

        Assert.True(verdict.ServiceLevelMet);      // 1/3 ≥ 0.3
        Assert.False(verdict.AbandonmentMet);      // 1/3 > 0.25
        Assert.True(verdict.AsaMet);               // (10 + 30) / 2 = 20 ≤ 20
        Assert.Null(verdict.AhtMet);
        Assert.True(verdict.AnyMissed);
        Assert.False(verdict.AllMet);
    }

    [Fact]
    public void ContractBook_QueueVersionBeatsTenantVersionBeatsDefault_EachFromItsStart()
    {
        var def = SlaContract.Default(Tenant, Queue, 20, 0.8);
        var tenantWide = def with { QueueId = null, Version = 1, EffectiveFrom = Utc(2026, 10, 1, 0, 0), ThresholdSeconds = 30 };
        var queueV1 = def with { Version = 1, EffectiveFrom = Utc(2026, 11, 1, 0, 0), ThresholdSeconds = 15 };
        var queueV2 = def with { Version = 2, EffectiveFrom = Utc(2026, 11, 15, 0, 0), ThresholdSeconds = 10 };
        var book = new ContractBook([queueV2, tenantWide, queueV1], [def]);

        Assert.Same(def, book.For(Queue, Utc(2026, 9, 30, 23, 59)));
        Assert.Same(tenantWide, book.For(Queue, Utc(2026, 10, 1, 0, 0)));
        Assert.Same(queueV1, book.For(Queue, Utc(2026, 11, 14, 23, 59)));
        Assert.Same(queueV2, book.For(Queue, Utc(2026, 11, 15, 0, 0)));
    }

    [Theory]
    [InlineData("closed", 0)]   // the line was closed: out of every ratio
    [InlineData("full", 1)]     // refused for lack of room: a call not answered in time
    [InlineData("max-wait", 1)]
    public void RejectedCall_CountsAgainstTheServiceLevelUnlessTheLineWasClosed(string reason, int inDenominator)
    {
        var rejected = new CallRecord(Guid.NewGuid(), Tenant, Queue, T0, RejectedAt: T0.AddSeconds(90), RejectReason: reason);

        var f = Count([Answered(T0, 5), rejected], Contract());

        Assert.Equal((2L, 1L, 0L), (f.Offered, f.Rejected, f.Waiting));
        Assert.Equal((1L, 1L + inDenominator), (f.ServiceLevelNumerator, f.ServiceLevelDenominator));
        Assert.Equal(0.0, f.AbandonmentRate);
        Assert.Equal(90.0, f.LongestWaitSeconds);
    }

    [Fact]
    public void TransferredCall_HandleTimeIsEveryLegs()
    {
        var call = Answered(T0, 5, talk: 50 + 60, wrapUp: 5) with { Transfers = 1 };

        var f = Count([call], Contract());

        Assert.Equal(115.0, f.AverageHandleSeconds);
        Assert.Equal(1, f.Transfers);
    }
}

