using System.Globalization;
using CallCentre.Scheduling.Forecasting;

namespace CallCentre.ForecastCheck;

internal static class SeriesFile
{
    public static (string Name, string Path, int IntervalMinutes, string TimeColumn, string CallsColumn)[] Series(string root) =>
    [
        ("us-bank-2003 (5 min)", Path.Combine(root, "us-bank-2003", "calls-per-5min.csv"), 5, "DateTime", "Calls"),
        ("anonymous-bank-1999 (6 min)", Path.Combine(root, "anonymous-bank-1999", "calls-per-6min.csv"), 6, "interval_start", "calls"),
    ];

    // Times are local wall-clock times; the "Z" on the US bank's is a label, not UTC. Both files are plain
    // comma-separated numbers and dates without quoting, so a split is all the parsing they need.
    public static List<IntervalCount> Read(string path, string timeColumn, string callsColumn)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine()!.Split(',');
        var timeIndex = Array.IndexOf(header, timeColumn);
        var callsIndex = Array.IndexOf(header, callsColumn);
        if (timeIndex < 0 || callsIndex < 0) throw new InvalidDataException($"{path}: expected columns {timeColumn} and {callsColumn}.");
        var rows = new List<IntervalCount>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            var fields = line.Split(',');
            var time = fields[timeIndex].Trim('"').TrimEnd('Z').Replace(' ', 'T');
            rows.Add(new IntervalCount(
                DateTime.ParseExact(time, ["yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None),
                double.Parse(fields[callsIndex], CultureInfo.InvariantCulture)));
        }
        rows.Sort((x, y) => x.Start.CompareTo(y.Start));
        return rows;
    }

    // The series' calendar, as a centre knows its holidays ahead: the weekdays it opens on, absent from the data.
    public static HashSet<DateOnly> ClosedDays(List<IntervalCount> history)
    {
        var seen = history.Select(p => DateOnly.FromDateTime(p.Start)).ToHashSet();
        var weekdays = seen.Select(d => d.DayOfWeek).ToHashSet();
        var closed = new HashSet<DateOnly>();
        for (var day = seen.Min(); day <= seen.Max(); day = day.AddDays(1))
            if (weekdays.Contains(day.DayOfWeek) && !seen.Contains(day)) closed.Add(day);
        return closed;
    }
}
