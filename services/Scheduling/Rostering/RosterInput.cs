namespace CallCentre.Scheduling.Rostering;

/// <summary>Each fault named by its field (camelCase, as in the API).</summary>
public static class RosterInput
{
    public const int MaxAgents = 500;
    public const int MaxTemplates = 20;
    public const int MaxSkillsPerAgent = 20;
    public const int MaxUnavailablePerAgent = 100;
    public const int MaxDemandPerInterval = 10_000;

    public const long MaxShiftVariants = 3_000_000;

    public static IReadOnlyList<(string Field, string Message)> Check(RosterProblem problem)
    {
        var errors = new List<(string, string)>();
        void Add(string field, string message) => errors.Add((field, message));

        if (problem.Weeks is not (1 or 2)) Add("weeks", "weeks must be 1 or 2.");
        var width = problem.IntervalMinutes;
        if (width is not (15 or 30)) Add("intervalMinutes", "intervalMinutes must be 15 or 30.");
        if (errors.Count > 0) return errors;

        var rules = problem.Rules;
        if (rules.MinRestMinutes is < 0 or > 2880) Add("rules.minRestMinutes", "rules.minRestMinutes must be between 0 and 2880.");
        if (rules.MaxWeeklyMinutes is < 0 or > 7 * 1440) Add("rules.maxWeeklyMinutes", "rules.maxWeeklyMinutes must be between 0 and 10080.");
        if (rules.MinDaysOffPerWeek is < 0 or > 7) Add("rules.minDaysOffPerWeek", "rules.minDaysOffPerWeek must be between 0 and 7.");

        var templates = problem.Templates;
        if (templates.Count is 0 or > MaxTemplates) Add("templates", $"templates must hold 1 to {MaxTemplates} templates.");
        var names = new HashSet<string>(StringComparer.Ordinal);
        long variantsPerAgentDay = 0;
        for (var i = 0; i < templates.Count; i++)
        {
            var t = templates[i];
            var f = $"templates[{i}]";
            if (string.IsNullOrWhiteSpace(t.Name)) Add($"{f}.name", $"{f}.name is required.");
            else if (!names.Add(t.Name)) Add($"{f}.name", $"{f}.name {t.Name} appears twice.");
            if (t.LengthMinutes < width || t.LengthMinutes > 16 * 60 || t.LengthMinutes % width != 0)
                Add($"{f}.lengthMinutes", $"{f}.lengthMinutes must be a multiple of {width} between {width} and 960.");
            if (t.StartEveryMinutes < width || t.StartEveryMinutes % width != 0 || t.StartEveryMinutes > 1440)
                Add($"{f}.startEveryMinutes", $"{f}.startEveryMinutes must be a multiple of {width} up to 1440.");
            if (OffGrid(t.EarliestStart, width)) Add($"{f}.earliestStart", $"{f}.earliestStart must be on the {width}-minute grid.");
            if (OffGrid(t.LatestStart, width) || t.LatestStart < t.EarliestStart)
                Add($"{f}.latestStart", $"{f}.latestStart must be on the {width}-minute grid and not before earliestStart.");
            CheckBreak(t.Break, $"{f}.break", t.LengthMinutes, width, Add);
            CheckBreak(t.Lunch, $"{f}.lunch", t.LengthMinutes, width, Add);
            if (t.Break is { } b && t.Lunch is { } l && b.Minutes + l.Minutes > t.LengthMinutes)
                Add($"{f}.lunch", $"{f}: break and lunch are longer than the shift.");
            if (t.StartEveryMinutes > 0 && t.LatestStart >= t.EarliestStart)
            {
                var starts = (long)((t.LatestStart - t.EarliestStart).TotalMinutes / t.StartEveryMinutes) + 1;
                variantsPerAgentDay += starts * (1 + Positions(t.Break, width) + Positions(t.Lunch, width));
            }
        }

        var agents = problem.Agents;
        if (agents.Count is 0 or > MaxAgents) Add("agents", $"agents must hold 1 to {MaxAgents} agents.");
        else if (variantsPerAgentDay * problem.Days * agents.Count > MaxShiftVariants)
            Add("templates", $"Too many shift variants ({variantsPerAgentDay * problem.Days * agents.Count:N0}; at most {MaxShiftVariants:N0}): " +
                             "start less often, narrow the break windows, or roster fewer agents at a time.");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < agents.Count; i++)
        {
            var a = agents[i];
            var f = $"agents[{i}]";
            if (string.IsNullOrWhiteSpace(a.Id)) Add($"{f}.id", $"{f}.id is required.");
            else if (!ids.Add(a.Id)) Add($"{f}.id", $"{f}.id {a.Id} appears twice.");
            if (a.Skills is null || a.Skills.Count is 0 or > MaxSkillsPerAgent || a.Skills.Any(string.IsNullOrWhiteSpace))
                Add($"{f}.skills", $"{f}.skills must hold 1 to {MaxSkillsPerAgent} non-empty skill groups.");
            if ((a.UnavailableDays?.Count ?? 0) > MaxUnavailablePerAgent) Add($"{f}.unavailableDays", $"{f}.unavailableDays: at most {MaxUnavailablePerAgent}.");
            if (a.LastShiftEnd is { } last && (last > problem.HorizonStart.AddDays(1) || last < problem.HorizonStart.AddDays(-7)))
                Add($"{f}.lastShiftEnd", $"{f}.lastShiftEnd must fall in the week before the first day (or its first day, for a night shift).");
            if (a.Unavailable is { } ranges)
            {
                if (ranges.Count > MaxUnavailablePerAgent) Add($"{f}.unavailable", $"{f}.unavailable: at most {MaxUnavailablePerAgent}.");
                for (var j = 0; j < ranges.Count; j++)
                    if (ranges[j] is null || ranges[j].To <= ranges[j].From)
                        Add($"{f}.unavailable[{j}]", $"{f}.unavailable[{j}] needs from before to.");
            }
        }

        var seen = new HashSet<(DateTime, string)>();
        for (var j = 0; j < problem.Requirement.Count; j++)
        {
            var d = problem.Requirement[j];
            var f = $"requirement[{j}]";
            if (d.Start < problem.HorizonStart || d.Start >= problem.HorizonEnd || d.Start.Ticks % TimeSpan.TicksPerMinute != 0
                || (int)(d.Start - problem.HorizonStart).TotalMinutes % width != 0)
                Add($"{f}.start", $"{f}.start must be on the {width}-minute grid within the {problem.Weeks} week(s) from firstDay.");
            if (string.IsNullOrWhiteSpace(d.SkillGroup)) Add($"{f}.skillGroup", $"{f}.skillGroup is required.");
            else if (!seen.Add((d.Start, d.SkillGroup))) Add($"{f}.skillGroup", $"{f}: {d.SkillGroup} at {d.Start:s} appears twice.");
            if (d.Agents is < 0 or > MaxDemandPerInterval) Add($"{f}.agents", $"{f}.agents must be between 0 and {MaxDemandPerInterval}.");
        }
        return errors;
    }

    private static bool OffGrid(TimeOnly time, int width) => time.Ticks % TimeSpan.TicksPerMinute != 0 || (time.Hour * 60 + time.Minute) % width != 0;

    private static long Positions(BreakRule? rule, int width) =>
        rule is null || rule.LatestAfterMinutes < rule.EarliestAfterMinutes ? 0 : (rule.LatestAfterMinutes - rule.EarliestAfterMinutes) / width + 1;

    private static void CheckBreak(BreakRule? rule, string f, int length, int width, Action<string, string> add)
    {
        if (rule is null) return;
        if (rule.Minutes < width || rule.Minutes % width != 0) add($"{f}.minutes", $"{f}.minutes must be a positive multiple of {width}.");
        if (rule.EarliestAfterMinutes < 0 || rule.EarliestAfterMinutes % width != 0)
            add($"{f}.earliestAfterMinutes", $"{f}.earliestAfterMinutes must be 0 or more and a multiple of {width}.");
        if (rule.LatestAfterMinutes < rule.EarliestAfterMinutes || rule.LatestAfterMinutes % width != 0 || rule.LatestAfterMinutes + rule.Minutes > length)
            add($"{f}.latestAfterMinutes", $"{f}.latestAfterMinutes must be a multiple of {width}, not before earliestAfterMinutes, and the break must end within the shift.");
    }
}
