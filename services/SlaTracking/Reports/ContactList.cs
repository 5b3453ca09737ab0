using System.Globalization;
using CallCentre.SlaTracking.Counting;

namespace CallCentre.SlaTracking.Reports;

/// <summary>The contacts behind a report's figures as CSV, in the report's language and number format.</summary>
internal static class ContactList
{
    private static readonly string[] English =
    [
        "Contact", "Queue", "Period", "UTC offset", "Arrival (local)", "Arrival (UTC)", "Wait (s)", "Outcome", "Handle time (s)", "Transfers",
        "Contract version", "Threshold (s)", "Within threshold", "Service level",
    ];

    private static readonly string[] French =
    [
        "Contact", "File", "Période", "Décalage UTC", "Arrivée (locale)", "Arrivée (UTC)", "Attente (s)", "Issue", "Durée de traitement (s)",
        "Transferts", "Version du contrat", "Seuil (s)", "Dans le seuil", "Niveau de service",
    ];

    public static async Task<byte[]> CsvAsync(IAsyncEnumerable<ReportContact> contacts, string language, CancellationToken ct)
    {
        var labels = ReportLabels.For(language);
        var rows = new List<object?[]>();
        await foreach (var c in contacts.WithCancellation(ct))
            rows.Add(
            [
                c.ContactId.ToString(), c.QueueName, c.Period, "UTC" + c.UtcOffset, c.ArrivalLocal,
                c.Arrival.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), (decimal?)c.WaitSeconds, c.Outcome,
                (decimal?)c.HandleSeconds, c.Transfers, c.ContractVersion, c.ThresholdSeconds, c.WithinThreshold ? labels.Yes : labels.No, c.ServiceLevel,
            ]);
        return ReportRenderers.Csv(new ReportRenderers.Table(language == "fr" ? French : English, rows), language);
    }
}
