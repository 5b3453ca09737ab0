namespace CallCentre.SlaTracking.Counting;

/// <summary>One contact behind a report row's figures, with no caller data: where the report counts it and how.</summary>
/// <param name="Period">The row's local start, as in <see cref="SlaReportRow.Period"/>; <see cref="RowStart"/> is its instant.</param>
/// <param name="ArrivalLocal">Arrival in the tenant's time zone, to the minute.</param>
/// <param name="WaitSeconds">Null while the call still waits.</param>
/// <param name="ContractVersion">The version the row is counted under (in force at the row's start).</param>
/// <param name="Outcome">answered, abandoned, short-abandon, rejected, rejected-closed or waiting (<see cref="CallOutcome"/>).</param>
/// <param name="ServiceLevel">met: in the service level's numerator and denominator; missed: in its denominator only; not-counted.</param>
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
    string ServiceLevel);

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
