using CallCentre.Hosting.Centre;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Data;
using NodaTime;
using NodaTime.Text;

namespace CallCentre.SlaTracking.Reports;

/// <summary>Periods are cut in the centre's time zone: one report spans clients of several zones.</summary>
public sealed class AgentReportBuilder(AgentReportStore store, CentreDefinition centre, CentreTimeZone zone, TimeProvider time)
{
    /// <summary>Handle-time distribution bands: 30 s wide, the last (from 10 min) open-ended.</summary>
    public const int BinSeconds = AgentBuckets.BandSeconds, Bins = AgentBuckets.Bands;

    public async Task<AgentPerformanceReport> BuildAsync(IReadOnlyList<string> tenantIds, LocalDate from, LocalDate to, Granularity granularity,
        int intervalMinutes, CancellationToken ct, string? team = null)
    {
        var calendar = new ReportingCalendar(zone.Zone.Id);
        var (start, end) = calendar.Range(from, to);
        var periods = calendar.Periods(start, end, granularity, intervalMinutes).ToList();
        var now = time.GetUtcNow();
        var sums = await store.SumsAsync(tenantIds, periods, ct, granularity == Granularity.Interval ? null : calendar.Zone.Id,
            calendar.Zone.Id);
        var names = centre.Agents.ToDictionary(a => a.Id, a => a.Name);
        var teams = new AgentTeams(centre.Agents.Where(a => a.Team is not null).ToDictionary(a => a.Id, a => a.Team!), team);
        var adherence = (await store.AdherenceDaysAsync(LocalDatePattern.Iso.Format(from), LocalDatePattern.Iso.Format(to), ct))
            .Select(d => new AgentAdherenceDay(d.AgentId, calendar.StartOfDay(LocalDatePattern.Iso.Parse(d.Day).Value), d.Scheduled, d.InAdherence,
                d.Work, d.OnPhone));
        var rows = AgentPerformanceCounter.Count(sums.Sums, sums.NotReady, sums.OpenStates, names,
            now < end ? now : end, adherence, teams);
        return new AgentPerformanceReport(tenantIds, calendar.Zone.Id, LocalDatePattern.Iso.Format(from), LocalDatePattern.Iso.Format(to),
            granularity.ToString().ToLowerInvariant(), granularity == Granularity.Interval ? intervalMinutes : null, now, rows, BinSeconds,
            team is null ? sums.HandleTimeDistribution : sums.HandleTimeDistribution.Where(b => teams.TeamOf.GetValueOrDefault(b.AgentId) == team).ToList())
        {
            Team = team,
        };
    }
}
