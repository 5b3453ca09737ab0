using Microsoft.Extensions.Configuration;

namespace CallCentre.Hosting.Centre;

/// <summary>The operations centre's time zone, <c>Centre:TimeZone</c> (an IANA id, <c>Africa/Casablanca</c> by default): the
/// agents' "today" in Routing and the days and local times of Scheduling's published schedules. Bound once per process by
/// <see cref="ServiceDefaults"/>; a module takes it from the container.</summary>
public sealed class CentreTimeZone(TimeZoneInfo zone)
{
    public const string ConfigurationKey = "Centre:TimeZone";
    public const string DefaultId = "Africa/Casablanca";

    public TimeZoneInfo Zone => zone;

    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>Reads <c>Centre:TimeZone</c>; an unknown zone stops the process at start with the key and value named.</summary>
    public static CentreTimeZone From(IConfiguration configuration)
    {
        var id = configuration[ConfigurationKey] is { Length: > 0 } configured ? configured : DefaultId;
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
            ? new CentreTimeZone(zone)
            : throw new InvalidOperationException($"{ConfigurationKey} '{id}' is not an IANA time zone (e.g. {DefaultId}).");
    }
}
