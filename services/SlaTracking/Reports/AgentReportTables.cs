using System.Globalization;

namespace CallCentre.SlaTracking.Reports;

internal sealed record AgentReportLabels(string Language, string Title, string Covering, string Agent, string Centre, string Period,
    string UtcOffset, string Offered, string Answered, string Missed, string Rejected, string Transfers, string Talk, string Hold,
    string AfterCallWork, string Handle, string AverageTalk, string AverageHold, string AverageAfterCallWork, string AverageHandle,
    string LoggedIn, string Occupancy, string NotReady, string NotReadyFor, string Total, string HandleTimeDistribution, string Legs,
    string FromSeconds, string Adherence, string Conformance)
{
    public static readonly AgentReportLabels English = new("en", "Agent performance", "Clients {0} · {1} → {2} · {3} · time zone {4}",
        "Agent", "Centre", "Period", "UTC offset", "Offered", "Answered", "Missed (RONA)", "Rejected", "Transfers", "Talk (s)",
        "Hold (s)", "After-call work (s)", "Handle time (s)", "Average talk (s)", "Average hold (s)", "Average after-call work (s)",
        "AHT (s)", "Logged in (s)", "Occupancy (%)", "Not ready (s)", "Not ready: {0} (s)", "total", "Handle time distribution",
        "Legs", "From (s)", "Adherence (%)", "Conformance (%)");

    public static readonly AgentReportLabels French = new("fr", "Performance des conseillers", "Clients {0} · {1} → {2} · {3} · fuseau {4}",
        "Conseiller", "Centre", "Période", "Décalage UTC", "Présentés", "Répondus", "Manqués (sans réponse)", "Refusés", "Transferts",
        "Communication (s)", "Attente (s)", "Post-appel (s)", "Durée de traitement (s)", "Communication moyenne (s)", "Attente moyenne (s)",
        "Post-appel moyen (s)", "Durée moyenne de traitement (s)", "Connecté (s)", "Occupation (%)", "Indisponible (s)",
        "Indisponible : {0} (s)", "total", "Répartition des durées de traitement", "Segments", "À partir de (s)", "Adhérence (%)",
        "Conformité (%)");

    public static AgentReportLabels For(string language) => language == "fr" ? French : English;
}

internal static class AgentReportTables
{
    public static ReportRenderers.Table Figures(AgentPerformanceReport report, AgentReportLabels l)
    {
        var reasons = report.Rows.SelectMany(r => r.NotReadyByReason.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var headers = new List<string>
        {
            l.Agent, l.Period, l.UtcOffset, l.Offered, l.Answered, l.Missed, l.Rejected, l.Transfers, l.Talk, l.Hold, l.AfterCallWork,
            l.Handle, l.AverageTalk, l.AverageHold, l.AverageAfterCallWork, l.AverageHandle, l.LoggedIn, l.Occupancy, l.Adherence,
            l.Conformance, l.NotReady,
        };
        headers.AddRange(reasons.Select(r => string.Format(CultureInfo.InvariantCulture, l.NotReadyFor, r)));
        var rows = report.Rows.Select(r => new object?[]
        {
            r.AgentId is null ? l.Centre : $"{r.AgentName} ({r.AgentId})", r.Period == AgentPerformanceReport.Total ? l.Total : r.Period,
            r.UtcOffset, r.Offered, r.Answered, r.Missed, r.Rejected, r.Transfers, Round(r.TalkSeconds), Round(r.HoldSeconds),
            Round(r.AfterCallWorkSeconds), Round(r.HandleSeconds), Round(r.AverageTalkSeconds), Round(r.AverageHoldSeconds),
            Round(r.AverageAfterCallWorkSeconds), Round(r.AverageHandleSeconds), Round(r.LoggedInSeconds),
            Percent(r.Occupancy), Percent(r.Adherence), Percent(r.Conformance), Round(r.NotReadySeconds),
        }.Concat(reasons.Select(reason => (object?)Round(r.NotReadyByReason.GetValueOrDefault(reason)))).ToArray()).ToList();
        return new ReportRenderers.Table(headers, rows);
    }

    public static ReportRenderers.Table Distribution(AgentPerformanceReport report, AgentReportLabels l) => new(
        [l.Agent, l.FromSeconds, l.Legs],
        report.HandleTimeDistribution.Select(b => new object?[] { b.AgentId, b.FromSeconds, b.Legs }).ToList());

    public static string Subtitle(AgentPerformanceReport report, AgentReportLabels l) => string.Format(CultureInfo.InvariantCulture,
        l.Covering, string.Join(", ", report.TenantIds), report.From, report.To,
        report.Granularity + (report.IntervalMinutes is { } m ? $" {m} min" : ""), report.TimeZone);

    public static bool IsTotal(object?[] row, AgentReportLabels l) => Equals(row[1], l.Total);

    private static double? Percent(double? share) => share is { } s ? Math.Round(s * 100, 2) : null;

    private static double? Round(double? seconds) => seconds is { } s ? Math.Round(s, 1) : null;
}
