using System.Globalization;
using CallCentre.Hosting.Languages;

namespace CallCentre.SlaTracking.Reports;

/// <summary>The agent report's words, from the <c>agentReport.*</c> keys of the platform's texts.</summary>
internal sealed record AgentReportLabels(string Language, string Title, string Covering, string Agent, string Centre, string Period,
    string UtcOffset, string Offered, string Answered, string Missed, string Rejected, string Transfers, string Talk, string Hold,
    string AfterCallWork, string Handle, string AverageTalk, string AverageHold, string AverageAfterCallWork, string AverageHandle,
    string LoggedIn, string Occupancy, string NotReady, string NotReadyFor, string Total, string HandleTimeDistribution, string Legs,
    string FromSeconds, string Adherence, string Conformance, string Team, string TeamTotal)
{
    private static readonly Dictionary<string, AgentReportLabels> ByLanguage =
        Texts.Languages.ToDictionary(l => l, l => Texts.For(l).Bind<AgentReportLabels>("agentReport"));

    public static AgentReportLabels For(string language) => ByLanguage[Texts.For(language).Language];
}

internal static class AgentReportTables
{
    public static ReportRenderers.Table Figures(AgentPerformanceReport report, AgentReportLabels l)
    {
        var reasons = report.Rows.SelectMany(r => r.NotReadyByReason.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var headers = new List<string>
        {
            l.Agent, l.Team, l.Period, l.UtcOffset, l.Offered, l.Answered, l.Missed, l.Rejected, l.Transfers, l.Talk, l.Hold, l.AfterCallWork,
            l.Handle, l.AverageTalk, l.AverageHold, l.AverageAfterCallWork, l.AverageHandle, l.LoggedIn, l.Occupancy, l.Adherence,
            l.Conformance, l.NotReady,
        };
        headers.AddRange(reasons.Select(r => string.Format(CultureInfo.InvariantCulture, l.NotReadyFor, r)));
        var rows = report.Rows.Select(r => new object?[]
        {
            r.IsCentre ? l.Centre : r.AgentId is null ? string.Format(CultureInfo.InvariantCulture, l.TeamTotal, r.Team) : $"{r.AgentName} ({r.AgentId})",
            r.Team, r.Period == AgentPerformanceReport.Total ? l.Total : r.Period,
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
        report.Granularity + (report.IntervalMinutes is { } m ? $" {m} min" : ""), report.TimeZone)
        + (report.Team is { } team ? " — " + string.Format(CultureInfo.InvariantCulture, l.TeamTotal, team) : "");

    public static bool IsTotal(object?[] row, AgentReportLabels l) => Equals(row[2], l.Total);

    private static double? Percent(double? share) => share is { } s ? Math.Round(s * 100, 2) : null;

    private static double? Round(double? seconds) => seconds is { } s ? Math.Round(s, 1) : null;
}
