using CallCentre.Hosting.Errors;
using CallCentre.Scheduling.Erlang;
using CallCentre.Scheduling.Requirements;
using static System.FormattableString;

namespace CallCentre.Scheduling.Api;

/// <param name="Forecast">Local wall-clock starts on the interval grid; an interval absent is 0 calls.</param>
public sealed record RequirementsQueue(
    string? Id,
    string? SkillGroup,
    double? AhtSeconds,
    double? TargetServiceLevel,
    double? TargetAnswerSeconds,
    IReadOnlyList<ForecastPoint?>? Forecast,
    double? PatienceSeconds = null,
    double? MaxOccupancy = null);

public sealed record RequirementsRequest(int? IntervalMinutes, IReadOnlyList<RequirementsQueue?>? Queues, double? Shrinkage = null) {
    public (int IntervalMinutes, List<QueueDemand> Demands)? Read(ValidationErrors errors)
    {
        var width = IntervalMinutes;
        if (width is not (15 or 30))
        {
            errors.Add("intervalMinutes", "intervalMinutes must be 15 or 30.");
            width = null;
        }
        if (Shrinkage is { } s && !(s >= 0 && s < 1)) errors.Add("shrinkage", "shrinkage must be at least 0 and less than 1.");
        if (Queues is not { Count: > 0 }) errors.Add("queues", "queues is required and must not be empty.");
        else if (Queues.Count > RequirementsApi.MaxQueues) errors.Add("queues", $"At most {RequirementsApi.MaxQueues} queues at a time.");
        else if (Queues.Sum(q => q?.Forecast?.Count ?? 0) > RequirementsApi.MaxPoints) errors.Add("queues", $"At most {RequirementsApi.MaxPoints} forecast points in all.");
        if (errors.Count > 0) return null;

        var demands = new List<QueueDemand>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Queues!.Count; i++)
        {
            var field = $"queues[{i}]";
            if (Queues[i] is not { } queue)
            {
                errors.Add(field, $"{field} must be an object.");
                continue;
            }
            if (string.IsNullOrWhiteSpace(queue.Id)) errors.Add($"{field}.id", $"{field}.id is required.");
            else if (!ids.Add(queue.Id)) errors.Add($"{field}.id", $"{field}.id {queue.Id} appears twice.");
            FieldRules.Require(errors, $"{field}.ahtSeconds", queue.AhtSeconds, v => v is >= 1 and <= StaffingApi.MaxAhtSeconds, "must be at least 1 and at most 86400 (a day)");
            FieldRules.Require(errors, $"{field}.targetServiceLevel", queue.TargetServiceLevel, v => v is > 0 and < 1, "must be between 0 and 1, exclusive");
            FieldRules.Require(errors, $"{field}.targetAnswerSeconds", queue.TargetAnswerSeconds, v => v >= 0, "must be 0 or more");
            if (queue.MaxOccupancy is not null)
                FieldRules.Require(errors, $"{field}.maxOccupancy", queue.MaxOccupancy, v => v is > 0 and <= 1, "must be greater than 0 and at most 1");
            if (queue.PatienceSeconds is not null)
                FieldRules.Require(errors, $"{field}.patienceSeconds", queue.PatienceSeconds,
                    v => v > 0 && !(queue.AhtSeconds > 0 && v > StaffingApi.MaxPatienceInHandleTimes * queue.AhtSeconds),
                    $"must be greater than 0 and at most {StaffingApi.MaxPatienceInHandleTimes} × ahtSeconds");
            var calls = ReadForecast(queue.Forecast, field, width, errors);
            if (errors.Count == 0)
                demands.Add(new QueueDemand(queue.Id!, string.IsNullOrWhiteSpace(queue.SkillGroup) ? queue.Id! : queue.SkillGroup, queue.AhtSeconds!.Value,
                    new ServiceLevelTarget(queue.TargetServiceLevel!.Value, queue.TargetAnswerSeconds!.Value, queue.MaxOccupancy ?? 1),
                    queue.PatienceSeconds, calls));
        }
        return errors.Count > 0 ? null : (width!.Value, demands);
    }

    public void CheckLimits(ComputeLimits limits, ValidationErrors errors)
    {
        if (Queues is not { } queues)
            return;
        var starts = new HashSet<DateTime>();
        foreach (var queue in queues)
            foreach (var point in queue?.Forecast ?? [])
                if (point?.Start is { } start)
                    starts.Add(start);
        if (starts.Count > limits.MaxRequirementStarts)
            errors.Add("queues", Invariant($"The forecasts hold {starts.Count} distinct interval starts; at most {limits.MaxRequirementStarts} are accepted."));
        else if ((long)starts.Count * queues.Count > limits.MaxRequirementCells)
            errors.Add("queues", Invariant($"{queues.Count} queues × {starts.Count} distinct starts is {(long)starts.Count * queues.Count} intervals to staff; at most {limits.MaxRequirementCells} are accepted."));
    }

    private static Dictionary<DateTime, double> ReadForecast(IReadOnlyList<ForecastPoint?>? forecast, string field, int? width, ValidationErrors errors)
    {
        var calls = new Dictionary<DateTime, double>();
        if (forecast is null)
        {
            errors.Add($"{field}.forecast", $"{field}.forecast is required.");
            return calls;
        }
        for (var j = 0; j < forecast.Count; j++)
        {
            var pointField = $"{field}.forecast[{j}]";
            var point = forecast[j];
            if (point?.Start is not { } start || point.Calls is not { } c)
                errors.Add(pointField, $"{pointField} needs a start and calls.");
            else if (start.Kind != DateTimeKind.Unspecified)
                errors.Add($"{pointField}.start", $"{pointField}.start must be a local date-time without offset or Z.");
            else if (width is { } w && !FieldRules.OnBoundary(start, w))
                errors.Add($"{pointField}.start", FieldRules.OffBoundary($"{pointField}.start", start, w));
            else if (!(c >= 0 && c <= ForecastApi.MaxCallsPerInterval))
                errors.Add($"{pointField}.calls", Invariant($"{pointField}.calls must be between 0 and {ForecastApi.MaxCallsPerInterval:0e0}."));
            else if (!calls.TryAdd(start, c))
                errors.Add($"{pointField}.start", $"{pointField}.start appears twice in the queue's forecast.");
        }
        return calls;
    }
}
