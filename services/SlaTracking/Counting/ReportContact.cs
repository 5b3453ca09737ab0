namespace CallCentre.SlaTracking.Counting;

/// <summary>One contact behind a report row's figures, with no caller data: where the report counts it and how.</summary>
public sealed record ReportContact(
    Guid ContactId,
    string QueueId,
    string QueueName,
    string Period,
    string UtcOffset,
    DateTimeOffset RowStart,
    DateTimeOffset Arrival,
    string ArrivalLocal,
    double? WaitSeconds,
    string Outcome,
    double? HandleSeconds,
    int Transfers,
    int ContractVersion,
    int ThresholdSeconds,
    bool WithinThreshold,
    string ServiceLevel,
    string Kind);

public static class CallCountWords
{
    public static string Word(this CallOutcome outcome) => outcome switch
    {
        CallOutcome.Answered => "answered",
        CallOutcome.Abandoned => "abandoned",
        CallOutcome.ShortAbandon => "short-abandon",
        CallOutcome.Rejected => "rejected",
        CallOutcome.RejectedClosed => "rejected-closed",
        _ => "waiting",
    };

    public static string Word(this ServiceLevelShare share) => share switch
    {
        ServiceLevelShare.Met => "met",
        ServiceLevelShare.Missed => "missed",
        _ => "not-counted",
    };
}
