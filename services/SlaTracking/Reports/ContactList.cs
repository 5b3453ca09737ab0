using System.Globalization;
using CallCentre.SlaTracking.Counting;
using CsvHelper;

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
        var (options, culture) = ReportCsv.Options(language);
        var labels = ReportLabels.For(language);
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, options, leaveOpen: true))
        {
            foreach (var header in language == "fr" ? French : English)
                csv.WriteField(header);
            csv.EndRecord();
            await foreach (var c in contacts.WithCancellation(ct))
            {
                csv.WriteField(c.ContactId.ToString());
                csv.WriteField(c.QueueName);
                csv.WriteField(c.Period);
                csv.WriteField("UTC" + c.UtcOffset);
                csv.WriteField(c.ArrivalLocal);
                csv.WriteField(c.Arrival.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                csv.WriteField(c.WaitSeconds is { } w ? w.ToString("0.###", culture) : "");
                csv.WriteField(c.Outcome);
                csv.WriteField(c.HandleSeconds is { } h ? h.ToString("0.###", culture) : "");
                csv.WriteField(c.Transfers.ToString(culture));
                csv.WriteField(c.ContractVersion.ToString(culture));
                csv.WriteField(c.ThresholdSeconds.ToString(culture));
                csv.WriteField(c.WithinThreshold ? labels.Yes : labels.No);
                csv.WriteField(c.ServiceLevel);
                csv.EndRecord();
            }
        }
        return buffer.ToArray();
    }
}

/// <summary>French spreadsheets expect ';' between fields and ',' as the decimal mark.</summary>
internal static class ReportCsv
{
    public static (CsvWriterOptions Options, CultureInfo Culture) Options(string language)
    {
        var culture = language == "fr" ? CultureInfo.GetCultureInfo("fr-FR") : CultureInfo.InvariantCulture;
        return (new CsvWriterOptions
        {
            Separator = language == "fr" ? ';' : ',',
            WriteByteOrderMark = true, // spreadsheets read UTF-8 accents right only with it
            Injection = CsvInjection.Escape,
            FormatProvider = culture,
        }, culture);
    }
}
