using Microsoft.Extensions.Configuration;

namespace CallCentre.Hosting.Centre;

/// <summary>Bound once per process from <c>Centre:TimeZone</c> (<c>Africa/Casablanca</c> by default).</summary>
public sealed class CentreTimeZone(TimeZoneInfo zone)
{
    public const string ConfigurationKey = "Centre:TimeZone";
    public const string DefaultId = "Africa/Casablanca";

    public TimeZoneInfo Zone => zone;

    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    public static CentreTimeZone From(IConfiguration configuration)
    {
        var id = configuration[ConfigurationKey] is { Length: > 0 } configured ? configured : DefaultId;
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
            ? new CentreTimeZone(zone)
            : throw new InvalidOperationException($"{ConfigurationKey} '{id}' is not an IANA time zone (e.g. {DefaultId}).");
    }
}
