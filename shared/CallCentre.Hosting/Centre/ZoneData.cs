using Microsoft.Extensions.Diagnostics.HealthChecks;
using NodaTime;

namespace CallCentre.Hosting.Centre;

/// <summary>Older zone data in the operating system than in NodaTime puts local times an hour apart from the reports (docs/deploy.md, Time zone data).</summary>
public static class ZoneData
{
    public sealed record Difference(string ZoneId, DateTimeOffset At, TimeSpan OperatingSystem, TimeSpan Bundled)
    {
        public override string ToString() =>
            $"{ZoneId} at {At.UtcDateTime:yyyy-MM-dd HH:mm}Z: the operating system says UTC{Offset(OperatingSystem)}, NodaTime's tz database " +
            $"{DateTimeZoneProviders.Tzdb.VersionId} says UTC{Offset(Bundled)}";

        private static string Offset(TimeSpan t) => (t < TimeSpan.Zero ? "-" : "+") + t.ToString(@"hh\:mm");
    }

    /// <summary>Looked at every six hours and just after each of the bundled zone's transitions; null when they agree.</summary>
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
