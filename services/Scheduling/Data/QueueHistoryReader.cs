using CallCentre.Contracts.Routing;
using CallCentre.Scheduling.Forecasting;

namespace CallCentre.Scheduling.Data;

/// <summary>A queue's recorded calls over local days [from, to] as the forecaster learns them (<see cref="RecordedHistory"/>).</summary>
public sealed class QueueHistoryReader(VolumeStore volumes)
{
    public async Task<QueueHistory> ReadAsync(QueueConfiguration queue, TimeZoneInfo zone, int widthMinutes, DateOnly from, DateOnly to,
        CancellationToken ct)
    {
        var rows = await volumes.VolumesAsync(queue.TenantId, queue.Id, QueueCalendar.ToUtc(from.ToDateTime(TimeOnly.MinValue), zone),
            QueueCalendar.ToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue), zone), 15, ct);
        var opening = queue.OpeningHours.Select(w => new OpeningWindow(w.Day, w.From, w.To)).ToList();
        return RecordedHistory.Build(
            rows.Select(r => new RecordedQuarter(DateTimeOffset.FromUnixTimeMilliseconds(r.IntervalStart), r.Calls, r.HandleSeconds, r.Handled)),
            zone, widthMinutes, from, to, start => QueueCalendar.IsOpen(opening, start, widthMinutes));
    }
}
