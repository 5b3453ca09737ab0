namespace CallCentre.Scheduling.Rostering;

public enum RosterRule
{
    UnknownAgent,
    Template,
    ShiftLength,
    ShiftStart,
    Break,
    Lunch,
    Rest,
    WeeklyHours,
    DaysOff,
    Availability,
    Skills,
    Coverage,
}

public sealed record RosterViolation(RosterRule Rule, string? AgentId, string Message);

/// <summary>From the shifts alone, without the solver's model.</summary>
public static class RosterValidator
{
    public static IReadOnlyList<RosterViolation> Validate(RosterProblem problem, IReadOnlyList<ScheduledShift> shifts,
        IReadOnlyList<IntervalCoverage>? coverage = null)
    {
        var violations = new List<RosterViolation>();
        void Add(RosterRule rule, string? agent, string message) => violations.Add(new RosterViolation(rule, agent, message));
        var agents = problem.Agents.ToDictionary(a => a.Id, StringComparer.Ordinal);
        var templates = problem.Templates.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var width = problem.IntervalMinutes;
        var rules = problem.Rules;

        foreach (var s in shifts)
        {
            if (!agents.TryGetValue(s.AgentId, out var agent)) { Add(RosterRule.UnknownAgent, s.AgentId, $"{s.AgentId} is not in the team."); continue; }
            if (!templates.TryGetValue(s.Template, out var template)) { Add(RosterRule.Template, s.AgentId, $"{s.AgentId}: no template {s.Template}."); continue; }
            if ((s.End - s.Start).TotalMinutes != template.LengthMinutes)
                Add(RosterRule.ShiftLength, s.AgentId, $"{s.AgentId}'s shift at {s.Start:s} lasts {(s.End - s.Start).TotalMinutes} min, not {template.LengthMinutes}.");
            var day = DateOnly.FromDateTime(s.Start);
            var minute = (s.Start - s.Start.Date).TotalMinutes;
            var earliest = template.EarliestStart.ToTimeSpan().TotalMinutes;
            if (s.Start < problem.HorizonStart || s.Start >= problem.HorizonEnd || (s.Start - problem.HorizonStart).TotalMinutes % width != 0
                || minute < earliest || minute > template.LatestStart.ToTimeSpan().TotalMinutes || (minute - earliest) % template.StartEveryMinutes != 0)
                Add(RosterRule.ShiftStart, s.AgentId, $"{s.AgentId}'s {template.Name} shift may not start at {s.Start:s}.");
            CheckBreak(RosterRule.Break, template.Break, s.Break, s, Add);
            CheckBreak(RosterRule.Lunch, template.Lunch, s.Lunch, s, Add);
            if (s.Break is { } b && s.Lunch is { } l && b.From < l.To && l.From < b.To)
                Add(RosterRule.Lunch, s.AgentId, $"{s.AgentId}'s break and lunch overlap on {s.Start:s}.");
            if (agent.UnavailableDays?.Contains(day) == true)
                Add(RosterRule.Availability, s.AgentId, $"{s.AgentId} is unavailable on {day:yyyy-MM-dd}.");
            foreach (var r in agent.Unavailable ?? [])
                if (s.Start < r.To && r.From < s.End)
                    Add(RosterRule.Availability, s.AgentId, $"{s.AgentId}'s shift at {s.Start:s} overlaps the unavailability from {r.From:s} to {r.To:s}.");
        }

        foreach (var mine in shifts.Where(s => agents.ContainsKey(s.AgentId)).GroupBy(s => s.AgentId))
        {
            var ordered = mine.OrderBy(s => s.Start).ToList();
            if (agents[mine.Key].LastShiftEnd is { } last && (ordered[0].Start - last).TotalMinutes < rules.MinRestMinutes)
                Add(RosterRule.Rest, mine.Key, $"{mine.Key} rests {(ordered[0].Start - last).TotalHours:0.##} h after the shift ending {last:s} before {ordered[0].Start:s}.");
            for (var i = 1; i < ordered.Count; i++)
                if ((ordered[i].Start - ordered[i - 1].End).TotalMinutes < rules.MinRestMinutes)
                    Add(RosterRule.Rest, mine.Key, $"{mine.Key} rests {(ordered[i].Start - ordered[i - 1].End).TotalHours:0.##} h before {ordered[i].Start:s}.");
            foreach (var week in ordered.GroupBy(s => (int)Math.Floor((s.Start - problem.HorizonStart).TotalDays / 7)))
            {
                var paid = week.Sum(s => templates.TryGetValue(s.Template, out var t) ? t.PaidMinutes : 0);
                if (paid > rules.MaxWeeklyMinutes)
                    Add(RosterRule.WeeklyHours, mine.Key, $"{mine.Key} is paid {paid / 60.0:0.##} h in week {week.Key + 1}, over {rules.MaxWeeklyMinutes / 60.0:0.##} h.");
                var worked = week.Select(s => s.Start.Date).Distinct().Count();
                if (7 - worked < rules.MinDaysOffPerWeek)
                    Add(RosterRule.DaysOff, mine.Key, $"{mine.Key} has {7 - worked} days off in week {week.Key + 1}, fewer than {rules.MinDaysOffPerWeek}.");
            }
        }

        if (coverage is not null) CheckCoverage(problem, shifts, coverage, agents, Add);
        return violations;
    }

    private static void CheckBreak(RosterRule kind, BreakRule? rule, TimeRange? range, ScheduledShift s, Action<RosterRule, string?, string> add)
    {
        var what = kind == RosterRule.Break ? "break" : "lunch";
        if (rule is null)
        {
            if (range is not null) add(kind, s.AgentId, $"{s.AgentId}'s {s.Template} shift at {s.Start:s} has no {what}, yet one is scheduled.");
            return;
        }
        if (range is null) { add(kind, s.AgentId, $"{s.AgentId}'s shift at {s.Start:s} lacks its {what}."); return; }
        var after = (range.From - s.Start).TotalMinutes;
        if ((range.To - range.From).TotalMinutes != rule.Minutes || after < rule.EarliestAfterMinutes || after > rule.LatestAfterMinutes || range.To > s.End)
            add(kind, s.AgentId, $"{s.AgentId}'s {what} {range.From:s}–{range.To:s} is outside its window in the shift at {s.Start:s}.");
    }

    private static void CheckCoverage(RosterProblem problem, IReadOnlyList<ScheduledShift> shifts, IReadOnlyList<IntervalCoverage> coverage,
        Dictionary<string, RosterAgent> agents, Action<RosterRule, string?, string> add)
    {
        var width = problem.IntervalMinutes;
        var required = problem.Requirement.ToDictionary(r => (r.Start, r.SkillGroup), r => r.Agents);
        if (coverage.Count != problem.Intervals)
            add(RosterRule.Coverage, null, $"The coverage has {coverage.Count} intervals, not {problem.Intervals}.");
        foreach (var c in coverage)
        {
            var end = c.Start.AddMinutes(width);
            bool Off(TimeRange? r) => r is not null && r.From < end && c.Start < r.To;
            var onPhones = shifts.Where(s => agents.ContainsKey(s.AgentId) && s.Start < end && c.Start < s.End && !Off(s.Break) && !Off(s.Lunch))
                .Select(s => agents[s.AgentId]).ToList();
            if (onPhones.Count != c.OnDuty)
                add(RosterRule.Coverage, null, $"At {c.Start:s} {onPhones.Count} agents are on the phones, not {c.OnDuty}.");
            foreach (var g in c.Groups)
                if (g.Required != required.GetValueOrDefault((c.Start, g.SkillGroup)) || g.Covered < 0 || g.Covered > g.Required)
                    add(RosterRule.Coverage, null, $"At {c.Start:s} {g.SkillGroup} is reported {g.Covered} of {g.Required} required.");
            var missing = problem.Requirement.Where(r => r.Start == c.Start && r.Agents > 0 && c.Groups.All(g => g.SkillGroup != r.SkillGroup));
            foreach (var m in missing) add(RosterRule.Coverage, null, $"At {c.Start:s} the requirement of {m.SkillGroup} is not reported.");
            if (c.Required != c.Groups.Sum(g => g.Required) || c.Covered != c.Groups.Sum(g => g.Covered)
                || c.Under != c.Required - c.Covered || c.Over != c.OnDuty - c.Covered)
                add(RosterRule.Coverage, null, $"At {c.Start:s} the totals do not add up.");
            if (!CanServe(onPhones, c.Groups))
                add(RosterRule.Skills, null, $"At {c.Start:s} the agents on the phones lack the skills to cover {string.Join(", ", c.Groups.Select(g => $"{g.SkillGroup} {g.Covered}"))}.");
        }
    }

    /// <summary>A b-matching by augmenting paths.</summary>
    private static bool CanServe(List<RosterAgent> onPhones, IReadOnlyList<GroupCoverage> groups)
    {
        var capacity = groups.ToDictionary(g => g.SkillGroup, g => Math.Max(0, g.Covered), StringComparer.Ordinal);
        var holders = capacity.Keys.ToDictionary(g => g, _ => new List<int>(), StringComparer.Ordinal);
        var matched = 0;
        for (var a = 0; a < onPhones.Count; a++)
            if (Augment(a, new HashSet<int>())) matched++;
        return matched == capacity.Values.Sum();

        bool Augment(int agent, HashSet<int> visited)
        {
            if (!visited.Add(agent)) return false;
            foreach (var skill in onPhones[agent].Skills.Distinct(StringComparer.Ordinal))
            {
                if (!capacity.TryGetValue(skill, out var cap) || cap == 0) continue;
                if (holders[skill].Count < cap) { holders[skill].Add(agent); return true; }
                foreach (var other in holders[skill].ToList())
                    if (!visited.Contains(other) && Reassign(other, skill, visited))
                    {
                        holders[skill].Remove(other);
                        holders[skill].Add(agent);
                        return true;
                    }
            }
            return false;
        }

        // Moves an agent out of a group into another of its groups with room, possibly displacing others in turn.
        bool Reassign(int agent, string from, HashSet<int> visited)
        {
            visited.Add(agent);
            foreach (var skill in onPhones[agent].Skills.Distinct(StringComparer.Ordinal))
            {
                if (skill == from || !capacity.TryGetValue(skill, out var cap) || cap == 0 || holders[skill].Contains(agent)) continue;
                if (holders[skill].Count < cap) { holders[skill].Add(agent); return true; }
                foreach (var other in holders[skill].ToList())
                    if (!visited.Contains(other) && Reassign(other, skill, visited))
                    {
                        holders[skill].Remove(other);
                        holders[skill].Add(agent);
                        return true;
                    }
            }
            return false;
        }
    }
}
