namespace CallCentre.SlaTracking.Counting;

public enum CallOutcome { Waiting, Answered, Abandoned, ShortAbandon, Rejected, RejectedClosed }

public enum ServiceLevelShare { Met, Missed, NotCounted }

public readonly record struct CallCount(CallOutcome Outcome, bool WithinThreshold, ServiceLevelShare ServiceLevel);

/// <summary>docs/sla.md's counting rules, read by the figures and the contact list alike, so a list adds up to its figure.</summary>
public static class CallCounting
{
    public static CallCount Count(CallRecord call, SlaContract contract)
    {
        call = call.Under(contract.Measure);
        var thresholdMs = contract.ThresholdSeconds * 1000L;
        var wait = call.WaitMilliseconds;
        if (call.IsAnswered)
        {
            var within = wait!.Value <= thresholdMs;
            return new(CallOutcome.Answered, within, within ? ServiceLevelShare.Met : ServiceLevelShare.Missed);
        }
        if (call.IsAbandoned)
        {
            if (wait!.Value < contract.ShortAbandonSeconds * 1000L)
                return new(CallOutcome.ShortAbandon, false, ServiceLevelShare.NotCounted);
            var within = wait.Value <= thresholdMs;
            var share = within && contract.AbandonsWithinThresholdAsMet ? ServiceLevelShare.Met
                : contract.AbandonsInDenominator ? ServiceLevelShare.Missed
                : ServiceLevelShare.NotCounted;
            return new(CallOutcome.Abandoned, within, share);
        }
        if (call.IsRejected)
            // Refused because the line was closed: out of every ratio. Refused for any other reason (full, waited too long): a
            // call not answered within the threshold.
            return call.RejectReason == CallRecord.ClosedReason
                ? new(CallOutcome.RejectedClosed, false, ServiceLevelShare.NotCounted)
                : new(CallOutcome.Rejected, false, ServiceLevelShare.Missed);
        return new(CallOutcome.Waiting, false, ServiceLevelShare.NotCounted);
    }
}
