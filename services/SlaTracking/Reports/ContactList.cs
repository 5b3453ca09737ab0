using System.Globalization;
using CallCentre.SlaTracking.Counting;

namespace CallCentre.SlaTracking.Reports;

/// <summary>The contacts behind a report's figures as CSV, in the report's language and number format.</summary>
internal static class ContactList
{
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
        return ReportRenderers.Csv(new ReportRenderers.Table(ContactLabels.For(language).Headings(), rows), language);
    }
}
