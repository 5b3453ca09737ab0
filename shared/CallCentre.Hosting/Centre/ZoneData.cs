using Microsoft.Extensions.Diagnostics.HealthChecks;
using NodaTime;

namespace CallCentre.Hosting.Centre;

/// <summary>Routing, Scheduling and Telephony read time zones from the operating system's tz database (<see cref="TimeZoneInfo"/>);
/// the reports read the one NodaTime carries. When a country changes its clocks, an operating system whose zone data is older
/// puts local times an hour apart between the two, so the process reports the first difference for every zone it uses.</summary>
public static class ZoneData
{
    public sealed record Difference(string ZoneId, DateTimeOffset At, TimeSpan OperatingSystem, TimeSpan Bundled)
    {
        public override string ToString() =>
            $"{ZoneId} at {At.UtcDateTime:yyyy-MM-dd HH:mm}Z: the operating system says UTC{Offset(OperatingSystem)}, NodaTime's tz database " +
            $"{DateTimeZoneProviders.Tzdb.VersionId} says UTC{Offset(Bundled)}";

        private static string Offset(TimeSpan t) => (t < TimeSpan.Zero ? "-" : "+") + t.ToString(@"hh\:mm");
    }

    /// <summary>The first instant in [from, to) at which the two sources give <paramref name="zoneId"/> different offsets, looked at
    /// every six hours and just after each of the bundled zone's transitions; null when they agree.</summary>
    public static Difference? FirstDifference(string zoneId, Func<DateTimeOffset, TimeSpan> operatingSystem, DateTimeZone bundled,
        DateTimeOffset from, DateTimeOffset to)
    {
        var instants = new SortedSet<DateTimeOffset>();
        for (var at = from; at < to; at = at.AddHours(6))
            instants.Add(at);
        foreach (var interval in bundled.GetZoneIntervals(Instant.FromDateTimeOffset(from), Instant.FromDateTimeOffset(to)))
            if (interval.HasStart && interval.Start.ToDateTimeOffset() >= from)
                instants.Add(interval.Start.ToDateTimeOffset().AddMinutes(1));
        foreach (var at in instants)
        {
            var system = operatingSystem(at);
            var expected = bundled.GetUtcOffset(Instant.FromDateTimeOffset(at)).ToTimeSpan();
            if (system != expected)
                return new Difference(zoneId, at, system, expected);
        }
        return null;
    }

    /// <summary>Every zone in <paramref name="zoneIds"/>, from a year before <paramref name="now"/> to two years after.</summary>
    public static IReadOnlyList<Difference> Differences(IEnumerable<string> zoneIds, DateTimeOffset now)
    {
        var found = new List<Difference>();
        foreach (var id in zoneIds.Distinct(StringComparer.Ordinal))
        {
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var system) || DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) is not { } bundled)
                continue;
            if (FirstDifference(id, system.GetUtcOffset, bundled, now.AddYears(-1), now.AddYears(2)) is { } difference)
                found.Add(difference);
        }
        return found;
    }
}

/// <summary>Degraded, naming the zones, while the operating system's zone data disagrees with NodaTime's for a zone of the centre.</summary>
internal sealed class ZoneDataHealthCheck(CentreTimeZone centre, CentreCatalog catalog, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var zones = catalog.Current.Tenants.Select(t => t.TimeZone).Prepend(centre.Zone.Id);
        var differences = ZoneData.Differences(zones, time.GetUtcNow());
        return Task.FromResult(differences.Count == 0
            ? HealthCheckResult.Healthy("The operating system's zone data agrees with NodaTime's for every zone of the centre.")
            : HealthCheckResult.Degraded("Update the operating system's tz database (Debian: apt-get install tzdata): "
                + string.Join("; ", differences)));
    }
}
