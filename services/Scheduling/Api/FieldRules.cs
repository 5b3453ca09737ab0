using System.Globalization;
using CallCentre.Hosting.Errors;
using CallCentre.Scheduling.Adherence;
using CallCentre.Scheduling.Forecasting;
using static System.FormattableString;

namespace CallCentre.Scheduling.Api;

/// <summary>Each failure is added under the field's name, the message starting with that name.</summary>
public static class FieldRules
{
    public static void Require(ValidationErrors errors, string field, double? value, Func<double, bool> valid, string rule)
    {
        if (value is null) errors.Add(field, $"{field} is required.");
        else if (!double.IsFinite(value.Value) || !valid(value.Value)) errors.Add(field, $"{field} {rule}.");
    }

    public static DateOnly? Date(string text, string field, ValidationErrors errors, bool echo = false)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            if (DateBounds.Contains(date)) return date;
            errors.Add(field, DateBounds.Message(field));
            return null;
        }
        errors.Add(field, echo ? $"{field} must be a date, yyyy-MM-dd (got '{text}')." : $"{field} must be a date, yyyy-MM-dd.");
        return null;
    }

    /// <summary>The forecast and requirement grids are local, so an offset or Z is refused.</summary>
    public static DateTime? LocalTime(DateTime? time, string field, ValidationErrors errors)
    {
        if (time is null) errors.Add(field, $"{field} is required.");
        else if (time.Value.Kind != DateTimeKind.Unspecified)
            errors.Add(field, $"{field} must be a local date-time without offset or Z (yyyy-MM-ddTHH:mm:ss).");
        else return time;
        return null;
    }

    public static bool OnBoundary(DateTime start, int widthMinutes) =>
        start.Ticks % TimeSpan.TicksPerMinute == 0 && (int)start.TimeOfDay.TotalMinutes % widthMinutes == 0;

    public static string OffBoundary(string field, DateTime start, int widthMinutes) =>
        Invariant($"{field} {start:yyyy-MM-ddTHH:mm:ss} is not on a {widthMinutes}-minute boundary.");

    public static DateTimeOffset? Instant(string? text, string field, CentreCalendar calendar, ValidationErrors errors)
    {
        // Length 16 is "yyyy-MM-ddTHH:mm": a bare date would parse as midnight, which nobody means by a shift's start.
        if (text is null || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed) || text.Length < 16)
        {
            errors.Add(field, $"{field} must be a date-time, local (2026-11-27T08:00) or with an offset.");
            return null;
        }
        if (parsed.Kind != DateTimeKind.Unspecified)
            return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).ToUniversalTime();
        if (calendar.ToInstant(parsed) is { } instant) return instant;
        errors.Add(field, $"{field}: {text} does not exist in {calendar.Zone.Id} (the clock skips it).");
        return null;
    }

    /// <summary>Null for "auto".</summary>
    public static ForecastMethod? Method(string? method, ValidationErrors errors)
    {
        if (method is null or "auto") return null;
        var parsed = ForecastMethods.Parse(method);
        if (parsed is null)
            errors.Add("method", $"method must be auto, {string.Join(", ", ForecastMethods.All.Select(m => m.Name()))}.");
        return parsed;
    }
}
