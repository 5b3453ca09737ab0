using CallCentre.Hosting.Errors;

namespace CallCentre.Scheduling.Api;

/// <summary>The day before now in 15-minute intervals by default.</summary>
public sealed record VolumeQuery(DateTimeOffset? From, DateTimeOffset? To, int? IntervalMinutes)
{
    public static readonly IReadOnlyList<int> IntervalWidths = [5, 6, 10, 15, 30, 60];

    public const int MaxDays = 92;

    public (DateTimeOffset Start, DateTimeOffset End, int IntervalMinutes)? Read(DateTimeOffset now, ValidationErrors errors)
    {
        foreach (var (field, instant) in new[] { ("from", From), ("to", To) })
            if (instant is { } at && !DateBounds.Contains(at))
            {
                errors.Add(field, DateBounds.Message(field));
                return null;
            }
        var width = IntervalMinutes ?? 15;
        var end = To ?? now;
        var start = From ?? end.AddDays(-1);
        if (!IntervalWidths.Contains(width)) errors.Add("intervalMinutes", "The interval must be 5, 6, 10, 15, 30 or 60 minutes.");
        if (start >= end) errors.Add("from", "'from' must be before 'to'.");
        else if (end - start > TimeSpan.FromDays(MaxDays)) errors.Add("to", $"At most {MaxDays} days at a time.");
        return errors.Count > 0 ? null : (start, end, width);
    }
}
