using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Languages;
using CallCentre.SlaTracking.Counting;
using CsvHelper;
using MiniExcelLibs;

namespace CallCentre.SlaTracking.Reports;

/// <summary>Ratios as percentages, durations in seconds; the JSON keeps the exact fractions.</summary>
internal static class ReportRenderers
{
    // Escapes markup but keeps accents readable in the page source.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private const string PrintStyle = "<style>body{font-family:sans-serif;font-size:12px;margin:1.5em}table{border-collapse:collapse;margin:1em 0}" +
        "th,td{border:1px solid #999;padding:2px 5px;text-align:right}th{background:#eee}td.l,th.l{text-align:left}" +
        "tr.total td{font-weight:bold}.missed{color:#b00}.met{color:#070}@media print{body{margin:0}}</style>";

    public static byte[] Csv(SlaReport report, ReportLabels l) => Csv(RowTable(report, l), l.Language);

    public static byte[] Csv(Table table, string language)
    {
        // Spreadsheets of a culture with a decimal comma expect ';' between fields.
        var culture = Texts.For(language).Culture;
        using var buffer = new MemoryStream();
        var options = new CsvWriterOptions
        {
            Separator = culture.NumberFormat.NumberDecimalSeparator == "," ? ';' : ',',
            WriteByteOrderMark = true, // spreadsheets read UTF-8 accents right only with it
            Injection = CsvInjection.Escape,
            FormatProvider = culture,
        };
        using (var csv = CsvWriter.Create(buffer, options, leaveOpen: true))
        {
            foreach (var header in table.Headers)
                csv.WriteField(header);
            csv.EndRecord();
            foreach (var row in table.Rows)
            {
                foreach (var cell in row)
                    csv.WriteField(Format(cell, culture));
                csv.EndRecord();
            }
        }
        return buffer.ToArray();
    }

    public static byte[] Xlsx(SlaReport report, ReportLabels l) =>
        Xlsx([(l.Rows, RowTable(report, l)), (l.Compliance, ComplianceTable(report, l)), (l.Contracts, ContractTable(report, l))]);

    public static byte[] Xlsx(IEnumerable<(string Name, Table Table)> tables)
    {
        var sheets = tables.ToDictionary(t => Sheet(t.Name), t => (object)ToDictionaries(t.Table));
        using var buffer = new MemoryStream();
        buffer.SaveAs(sheets);
        return buffer.ToArray();
    }

    public static string Html(SlaReport report, ReportLabels l)
    {
        var culture = l.Culture;
        var h = new StringBuilder();
        static string E(string s) => Encoder.Encode(s);
        h.Append($"<!DOCTYPE html><html lang=\"{l.Language}\"><head><meta charset=\"utf-8\"><title>{E(l.Title)} — {E(report.TenantName)}</title>");
        h.Append(PrintStyle).Append("</head><body>");
        h.Append($"<h1>{E(l.Title)} — {E(report.TenantName)}</h1><p>{E(l.PeriodCovered)}: {E(Texts.For(l.Language).Date(report.From))} → {E(Texts.For(l.Language).Date(report.To))} · " +
                 $"{E(l.Granularity)}: {E(PeriodWord(report.Granularity, report.IntervalMinutes, l))} · " +
                 $"{E(l.TimeZone)}: {E(report.TimeZone)} · {E(l.GeneratedAt)}: {E(GeneratedAt(report, culture))}</p>");
        h.Append($"<h2>{E(l.ServiceLevelChart)}</h2>").Append(Chart(report, l));
        AppendTable(h, l.Contracts, ContractTable(report, l), culture, _ => false);
        AppendTable(h, l.Compliance, ComplianceTable(report, l), culture, _ => false);
        AppendTable(h, l.Rows, RowTable(report, l), culture, row => Equals(row[2], l.Total));
        h.Append("</body></html>");
        return h.ToString();
    }

    public static string Html(string language, string title, string subtitle, IEnumerable<(string Title, Table Table)> tables,
        Func<object?[], bool> isTotal)
    {
        var culture = Texts.For(language).Culture;
        var h = new StringBuilder();
        h.Append($"<!DOCTYPE html><html lang=\"{language}\"><head><meta charset=\"utf-8\"><title>{Encoder.Encode(title)}</title>");
        h.Append(PrintStyle).Append($"</head><body><h1>{Encoder.Encode(title)}</h1><p>{Encoder.Encode(subtitle)}</p>");
        foreach (var (tableTitle, table) in tables)
            AppendTable(h, tableTitle, table, culture, isTotal);
        h.Append("</body></html>");
        return h.ToString();
    }

    private static void AppendTable(StringBuilder h, string title, Table table, CultureInfo culture, Func<object?[], bool> isTotal)
    {
        h.Append($"<h2>{Encoder.Encode(title)}</h2><table><thead><tr>");
        foreach (var header in table.Headers)
            h.Append($"<th>{Encoder.Encode(header)}</th>");
        h.Append("</tr></thead><tbody>");
        foreach (var row in table.Rows)
        {
            h.Append(isTotal(row) ? "<tr class=\"total\">" : "<tr>");
            foreach (var cell in row)
                h.Append(cell is string ? "<td class=\"l\">" : "<td>").Append(Encoder.Encode(Format(cell, culture))).Append("</td>");
            h.Append("</tr>");
        }
        h.Append("</tbody></table>");
    }

    /// <summary>The lowest queue target as a dashed line.</summary>
    private static string Chart(SlaReport report, ReportLabels l)
    {
        var totals = report.Rows.Where(r => r.QueueId == SlaReportBuilder.TotalQueueId && r.Kind == ContactKinds.Voice).ToList();
        var targets = report.Rows.Where(r => r.TargetServiceLevel is not null).Select(r => r.TargetServiceLevel!.Value).ToList();
        const int height = 160, top = 10, left = 30;
        var barWidth = Math.Max(2.0, Math.Min(24.0, 900.0 / Math.Max(1, totals.Count)));
        var width = left + barWidth * totals.Count + 10;
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"{Encoder.Encode(l.ServiceLevelChart)}\" ");
        s.Append(CultureInfo.InvariantCulture, $"width=\"{width:0}\" height=\"{height + top + 20}\" viewBox=\"0 0 {width:0} {height + top + 20}\">");
        s.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{top + height}\" stroke=\"#000\"/>");
        s.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{top + height}\" x2=\"{width:0}\" y2=\"{top + height}\" stroke=\"#000\"/>");
        foreach (var pct in new[] { 0, 50, 100 })
            s.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 4}\" y=\"{top + height - pct * height / 100.0 + 4:0.#}\" font-size=\"9\" text-anchor=\"end\">{pct}%</text>");
        for (var i = 0; i < totals.Count; i++)
        {
            if (totals[i].Figures.ServiceLevel is not { } sl)
                continue;
            var barHeight = sl * height;
            s.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{left + i * barWidth + 1:0.##}\" y=\"{top + height - barHeight:0.##}\" width=\"{barWidth - 2:0.##}\" height=\"{barHeight:0.##}\" fill=\"#4a7ab5\"><title>{Encoder.Encode(totals[i].Period)} {sl * 100:0.0}%</title></rect>");
        }
        if (targets.Count > 0)
        {
            var y = top + height - targets.Min() * height;
            s.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{y:0.##}\" x2=\"{width:0}\" y2=\"{y:0.##}\" stroke=\"#b00\" stroke-dasharray=\"4 3\"/>");
        }
        if (totals.Count > 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{top + height + 14}\" font-size=\"9\">{Encoder.Encode(totals[0].Period)}</text>");
            s.Append(CultureInfo.InvariantCulture, $"<text x=\"{width - 10:0}\" y=\"{top + height + 14}\" font-size=\"9\" text-anchor=\"end\">{Encoder.Encode(totals[^1].Period)}</text>");
        }
        return s.Append("</svg>").ToString();
    }

    internal sealed record Table(IReadOnlyList<string> Headers, IReadOnlyList<object?[]> Rows);

    internal static Table RowTable(SlaReport report, ReportLabels l) => new(
        [l.Period, l.UtcOffset, l.Queue, l.ContractVersion, l.Target, l.Threshold, l.Offered, l.Answered, l.Abandoned, l.ShortAbandons,
         l.Waiting, l.Rejected, l.AnsweredWithinThreshold, l.ServiceLevel, l.AbandonmentRate, l.Asa, l.Aht, l.LongestWait, l.Transfers],
        report.Rows.Select(r => new object?[]
        {
            r.Period, "UTC" + r.UtcOffset, r.QueueId != SlaReportBuilder.TotalQueueId ? r.QueueName
                : r.Kind == ContactKinds.Voice ? l.Total : $"{l.Total} · {Texts.For(l.Language)["kind." + r.Kind]}", r.ContractVersion,
            Percent(r.TargetServiceLevel), r.ThresholdSeconds, r.Figures.Offered, r.Figures.Answered, r.Figures.Abandoned,
            r.Figures.ShortAbandons, r.Figures.Waiting, r.Figures.Rejected, r.Figures.AnsweredWithinThreshold, Percent(r.Figures.ServiceLevel),
            Percent(r.Figures.AbandonmentRate), Seconds(r.Figures.AverageSpeedOfAnswerSeconds), Seconds(r.Figures.AverageHandleSeconds),
            Seconds(r.Figures.LongestWaitSeconds), r.Figures.Transfers,
        }).ToList());

    internal static Table ComplianceTable(SlaReport report, ReportLabels l)
    {
        string Verdict(TargetCount? t) => t is null ? l.NotSet : $"{t.Met} {l.Met} / {t.Missed} {l.Missed}";
        return new(
            [l.Month, l.Queue, l.Complete, l.ContractVersion, l.PeriodsMeasured, l.ServiceLevel, l.AbandonmentRate, l.Asa, l.Aht,
             l.PeriodsMissed, l.Penalties, l.Credits],
            report.Compliance.Select(c => new object?[]
            {
                c.Month, c.QueueName, c.Complete ? l.Yes : l.No, string.Join(", ", c.ContractVersions), c.PeriodsMeasured,
                $"{FormatPercent(c.Figures.ServiceLevel)} — {Verdict(c.ServiceLevel)}",
                $"{FormatPercent(c.Figures.AbandonmentRate)} — {Verdict(c.Abandonment)}",
                $"{FormatSeconds(c.Figures.AverageSpeedOfAnswerSeconds)} — {Verdict(c.AverageSpeedOfAnswer)}",
                $"{FormatSeconds(c.Figures.AverageHandleSeconds)} — {Verdict(c.AverageHandleTime)}",
                c.PeriodsWithAMissedTarget, $"{c.Penalties.ToString("0.00", CultureInfo.InvariantCulture)} {c.Currency}",
                $"{c.Credits.ToString("0.00", CultureInfo.InvariantCulture)} {c.Currency}",
            }).ToList());
    }

    internal static Table ContractTable(SlaReport report, ReportLabels l) => new(
        [l.Queue, l.ContractVersion, l.InForceFrom, l.Target, l.Threshold, l.MaxAbandonment, l.AsaTarget, l.AhtTarget, l.MeasurementPeriod,
         l.AbandonsInDenominator, l.ShortAbandonsUpTo, l.AbandonsWithinThresholdAsMet, l.PenaltyPerMissedPeriod, l.CreditPerMetPeriod],
        report.Contracts.Select(c => new object?[]
        {
            c.QueueId ?? l.AllQueues, c.Version, c.EffectiveFrom?.UtcDateTime.ToString("u", CultureInfo.InvariantCulture) ?? "",
            Percent(c.ServiceLevelTarget), c.ThresholdSeconds, Percent(c.MaxAbandonmentRate), c.AsaTargetSeconds, c.AhtTargetSeconds,
            PeriodWord(c.Period, c.IntervalMinutes, l), c.AbandonsInDenominator ? l.Yes : l.No,
            c.ShortAbandonSeconds, c.AbandonsWithinThresholdAsMet ? l.Yes : l.No,
            $"{c.PenaltyPerMissedPeriod.ToString("0.00", CultureInfo.InvariantCulture)} {c.Currency}",
            $"{c.CreditPerMetPeriod.ToString("0.00", CultureInfo.InvariantCulture)} {c.Currency}",
        }).ToList());

    /// <summary>The JSON keeps the API's words.</summary>
    internal static string PeriodWord(string period, int? intervalMinutes, ReportLabels l) => period switch
    {
        "interval" => string.Format(l.Culture, l.IntervalPeriod, intervalMinutes),
        "day" => l.DayPeriod,
        "month" => l.MonthPeriod,
        _ => period,
    };

    /// <summary>When the report was made, in UTC, written the culture's way.</summary>
    internal static string GeneratedAt(SlaReport report, CultureInfo culture) =>
        report.GeneratedAt.UtcDateTime.ToString("g", culture) + " UTC";

    private static List<Dictionary<string, object?>> ToDictionaries(Table table) =>
        table.Rows.Select(row => table.Headers.Select((h, i) => (h, row[i])).ToDictionary(x => x.h, x => x.Item2)).ToList();

    private static string Sheet(string name) => name.Length > 31 ? name[..31] : name;

    private static double? Percent(double? fraction) => fraction is { } f ? Math.Round(f * 100, 2) : null;
    private static double? Seconds(double? seconds) => seconds is { } s ? Math.Round(s, 1) : null;
    private static string FormatPercent(double? fraction) => fraction is { } f ? (f * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %" : "—";
    private static string FormatSeconds(double? seconds) => seconds is { } s ? s.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "—";

    internal static string Format(object? cell, CultureInfo culture) => cell switch
    {
        null => "",
        double d => d.ToString("0.##", culture),
        IFormattable f => f.ToString(null, culture),
        _ => cell.ToString() ?? "",
    };
}
