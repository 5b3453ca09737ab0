using CallCentre.Contracts.Routing;

namespace CallCentre.Routing.Engine;

/// <summary>A call outside goes to <paramref name="ClosedOverflowQueue"/> or is rejected.</summary>
internal sealed record OpeningHours(TimeZoneInfo Zone, IReadOnlyList<OpeningWindowConfiguration> Windows, string? ClosedOverflowQueue)
{
    public bool IsOpen(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, Zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        foreach (var w in Windows)
            if (w.Day == local.DayOfWeek && time >= w.From && time < w.To)
                return true;
        return false;
    }
}
