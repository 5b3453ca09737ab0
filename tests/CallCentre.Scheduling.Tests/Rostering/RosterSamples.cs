using CallCentre.Scheduling.Rostering;

namespace CallCentre.Scheduling.Tests.Rostering;

/// <summary>Small problems for the solver and validator tests; the week starts Monday 2025-03-03.</summary>
internal static class RosterSamples
{
    public static readonly DateOnly Monday = new(2025, 3, 3);

    public static DateTime At(int day, int hour, int minute = 0) => Monday.ToDateTime(new TimeOnly(hour, minute)).AddDays(day);

    /// <summary>One agent per interval from <paramref name="fromHour"/> to <paramref name="toHour"/> on a day.</summary>
    public static IEnumerable<IntervalDemand> Need(string group, int day, double fromHour, double toHour, int agents = 1, int width = 30)
    {
        for (var t = At(day, 0).AddHours(fromHour); t < At(day, 0).AddHours(toHour); t = t.AddMinutes(width))
            yield return new IntervalDemand(t, group, agents);
    }

    public static ShiftTemplate Fixed(string name, int hours, int startHour, BreakRule? breakRule = null, BreakRule? lunch = null) =>
        new(name, hours * 60, new TimeOnly(startHour, 0), new TimeOnly(startHour, 0), 30, breakRule, lunch);

    public static RosterOptions Deterministic(double seconds = 10, IProgress<RosterProgress>? progress = null) =>
        new(TimeSpan.FromSeconds(seconds), Workers: 1, Seed: 7, Progress: progress);

    /// <summary>A random team and requirement, seeded: every schedule the solver gives for it must pass the validator.</summary>
    public static RosterProblem Random(int seed, int agents = 6, int weeks = 1, int width = 30)
    {
        var random = new Random(seed);
        string[] groups = ["cards", "loans"];
        var templates = new List<ShiftTemplate>
        {
            new("day8", 8 * 60 + 30, new TimeOnly(7, 0), new TimeOnly(11, 0), 60, new BreakRule(width, 120, 180), new BreakRule(30, 210, 300)),
            new("part5", 5 * 60, new TimeOnly(12, 0), new TimeOnly(16, 0), 60, new BreakRule(width, 120, 150)),
        };
        var team = Enumerable.Range(0, agents).Select(i =>
        {
            var skills = random.Next(3) switch { 0 => new[] { "cards" }, 1 => ["loans"], _ => ["cards", "loans"] };
            var daysOff = random.Next(4) == 0 ? new[] { Monday.AddDays(random.Next(7 * weeks)) } : [];
            var evening = random.Next(4) == 0 ? new[] { new TimeRange(At(random.Next(7 * weeks), 17), At(0, 23).AddDays(random.Next(7 * weeks))) } : [];
            return new RosterAgent($"agent{i:00}", skills, daysOff, evening.Where(r => r.To > r.From).ToList());
        }).ToList();
        var demand = new List<IntervalDemand>();
        for (var day = 0; day < 7 * weeks; day++)
            foreach (var group in groups)
                for (var t = At(day, 8); t < At(day, 20); t = t.AddMinutes(width))
                {
                    var peak = t.Hour is >= 10 and < 16 ? 2 : 1;
                    var need = random.Next(peak + 1);
                    if (need > 0) demand.Add(new IntervalDemand(t, group, need));
                }
        return new RosterProblem(Monday, weeks, width, templates, team, demand,
            new RosterRules(MinRestMinutes: 660, MaxWeeklyMinutes: random.Next(2) == 0 ? 2640 : 1800, MinDaysOffPerWeek: 2));
    }

    public sealed class Recorder : IProgress<RosterProgress>
    {
        private readonly List<RosterProgress> _reports = [];
        public Action<RosterProgress>? OnReport { get; init; }

        public IReadOnlyList<RosterProgress> Reports { get { lock (_reports) return [.. _reports]; } }

        public void Report(RosterProgress value)
        {
            lock (_reports) _reports.Add(value);
            OnReport?.Invoke(value);
        }
    }
}
