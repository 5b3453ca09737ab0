using System.Globalization;
using CallCentre.Hosting.Languages;

namespace CallCentre.SlaTracking.Reports;

/// <summary>The client report's words, from the <c>report.*</c> keys of the platform's texts.</summary>
internal sealed record ReportLabels(
    string Language, string Title, string Tenant, string TimeZone, string PeriodCovered, string Granularity, string GeneratedAt,
    string Period, string UtcOffset, string Queue, string Total, string ContractVersion, string Target, string Threshold,
    string Offered, string Answered, string Abandoned, string ShortAbandons, string Waiting, string Rejected, string AnsweredWithinThreshold,
    string ServiceLevel, string AbandonmentRate, string Asa, string Aht, string LongestWait, string Transfers,
    string Compliance, string Month, string Complete, string PeriodsMeasured, string Met, string Missed, string NotSet,
    string PeriodsMissed, string Penalties, string Credits, string Contracts, string AllQueues, string Yes, string No,
    string ServiceLevelChart, string Rows, string InForceFrom, string MaxAbandonment, string AsaTarget, string AhtTarget,
    string MeasurementPeriod, string AbandonsInDenominator, string ShortAbandonsUpTo, string AbandonsWithinThresholdAsMet,
    string PenaltyPerMissedPeriod, string CreditPerMetPeriod, string IntervalPeriod, string DayPeriod, string MonthPeriod,
    string PackCaption)
{
    private static readonly Dictionary<string, ReportLabels> ByLanguage =
        Texts.Languages.ToDictionary(l => l, l => Texts.For(l).Bind<ReportLabels>("report"));

    public CultureInfo Culture => Texts.For(Language).Culture;

    public static ReportLabels For(string language) => ByLanguage[Texts.For(language).Language];
}

/// <summary>The contact list's column headings (<c>contacts.*</c>).</summary>
internal sealed record ContactLabels(string Contact, string Queue, string Period, string UtcOffset, string ArrivalLocal, string ArrivalUtc,
    string Wait, string Outcome, string HandleTime, string Transfers, string ContractVersion, string Threshold, string WithinThreshold,
    string ServiceLevel)
{
    public static ContactLabels For(string language) => Texts.For(language).Bind<ContactLabels>("contacts");

    public string[] Headings() => [Contact, Queue, Period, UtcOffset, ArrivalLocal, ArrivalUtc, Wait, Outcome, HandleTime, Transfers,
        ContractVersion, Threshold, WithinThreshold, ServiceLevel];
}
