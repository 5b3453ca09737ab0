using System.Diagnostics;
using CallCentre.Scheduling.Rostering;

namespace CallCentre.Benchmarks;

/// <summary>
/// A one-week schedule for 200 agents in 15-minute intervals: three skill groups, a full-time and a part-time template,
/// breaks and lunches, availability, the default rules; solved by CP-SAT within the time limit (60 s unless given).
/// Prints each better schedule, then the wall time, objective, bound and gap, the validator's verdict, and each stage's
/// objective, bound and gap.
/// </summary>
public static class RosterBench
{
    public static void Run(string[] args)
    {
        var seconds = args.Length > 0 && double.TryParse(args[0], System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 60;
        var agents = args.Length > 1 && int.TryParse(args[1], out var n) ? n : 200;
        var problem = Problem(agents, seed: 2025);
        var required = problem.Requirement.Sum(r => (long)r.Agents);
        Console.WriteLine($"Roster: {problem.Agents.Count} agents, 1 week of {problem.Intervals} quarter-hours, {problem.Templates.Count} templates, " +
                          $"3 skill groups, {required:N0} agent-intervals required ({required / 4.0:N0} agent-hours); time limit {seconds} s, 2 workers.");

        var wall = Stopwatch.StartNew();
        var progress = new ConsoleProgress(wall);
        var solution = RosterSolver.Solve(problem, new RosterOptions(TimeSpan.FromSeconds(seconds), Workers: 2, Seed: 1, Progress: progress));
        wall.Stop();

        var violations = RosterValidator.Validate(problem, solution.Shifts, solution.Coverage);
        Console.WriteLine($"status {solution.Status}, wall {wall.Elapsed.TotalSeconds:F1} s (model + solve), {solution.Solutions} improving schedules");
        Console.WriteLine($"objective {solution.Objective:N0}   bound {solution.BestBound:N0}   gap {solution.Gap:P3}");
        Console.WriteLine($"under-staffed {solution.UnderStaffed:N0} agent-intervals ({100.0 * solution.UnderStaffed / required:F2} % of required), " +
                          $"over-staffed {solution.OverStaffed:N0}, paid {solution.PaidHours:N1} h in {solution.Shifts.Count} shifts");
        Console.WriteLine($"weights under {solution.Weights.Under:N0}, over {solution.Weights.Over:N0}, paid {solution.Weights.Paid}; " +
                          $"validator: {(violations.Count == 0 ? "every rule kept" : $"{violations.Count} violations, first: {violations[0].Message}")}");
        Console.WriteLine("stage            status     objective        bound      gap   budget s   wall s  schedules");
        foreach (var stage in solution.Stages)
            Console.WriteLine($"{stage.Stage,-16} {stage.Status,-9} {stage.Objective,10:N0} {stage.BestBound,12:N0} {stage.Gap,8:P2} " +
                              $"{stage.TimeLimitSeconds,10:F1} {stage.WallSeconds,8:F1} {stage.Solutions,10}");

        // The relaxation alone, without the stages' time limits, under the levels the stages held.
        var alone = Stopwatch.StartNew();
        var bounds = RosterSolver.RelaxationBounds(problem, solution.Stages[0].Objective ?? 0, solution.Stages[1].Objective ?? 0, 300);
        Console.WriteLine($"relaxation alone: under >= {bounds[0]:N0}, over >= {bounds[1]:N0}, cost >= {bounds[2]:N0} ({alone.Elapsed.TotalSeconds:F1} s)");
    }

    private sealed class ConsoleProgress(Stopwatch wall) : IProgress<RosterProgress>
    {
        public void Report(RosterProgress p) =>
            Console.WriteLine($"  {wall.Elapsed.TotalSeconds,6:F1} s  #{p.Solutions,-3} {p.Stage,-14} {p.StageObjective,8:N0}  bound {p.StageBound,8:N0}" +
                              $"   weighted {p.Objective,22:N0}  bound {p.BestBound,22:N0}");
    }

    public static RosterProblem Problem(int agents, int seed)
    {
        var random = new Random(seed);
        var monday = new DateOnly(2025, 3, 3);
        var templates = new List<ShiftTemplate>
        {
            new("full", 510, new TimeOnly(6, 0), new TimeOnly(14, 0), 30, new BreakRule(15, 105, 165), new BreakRule(30, 210, 300)),
            new("part", 240, new TimeOnly(8, 0), new TimeOnly(18, 0), 60, new BreakRule(15, 90, 150)),
        };
        var team = new List<RosterAgent>();
        for (var i = 0; i < agents; i++)
        {
            var roll = random.NextDouble();
            string[] skills = roll < 0.25 ? ["cards"] : roll < 0.45 ? ["loans"] : roll < 0.55 ? ["insurance"]
                : roll < 0.75 ? ["cards", "loans"] : roll < 0.85 ? ["cards", "insurance"] : ["cards", "loans", "insurance"];
            var days = random.NextDouble() < 0.1 ? new[] { monday.AddDays(random.Next(7)) } : [];
            var unavailable = random.NextDouble() < 0.1
                ? new[] { new TimeRange(monday.ToDateTime(new TimeOnly(18, 0)).AddDays(random.Next(5)), monday.ToDateTime(new TimeOnly(23, 0)).AddDays(random.Next(5, 7))) }
                : [];
            team.Add(new RosterAgent($"agent{i:000}", skills, days, unavailable.Where(r => r.To > r.From).ToList()));
        }
        // A two-peak intraday curve, 07:00–22:00, lighter at weekends, shared 50/30/20 among the groups; about 60 % of capacity.
        var scale = agents / 200.0;
        var demand = new List<IntervalDemand>();
        for (var day = 0; day < 7; day++)
        {
            var weekday = day < 5 ? 1.0 : 0.55;
            for (var q = 7 * 4; q < 22 * 4; q++)
            {
                var hour = q / 4.0;
                var curve = 0.35 + 0.65 * Math.Exp(-Math.Pow((hour - 10.5) / 2.2, 2)) + 0.5 * Math.Exp(-Math.Pow((hour - 15.5) / 2.5, 2));
                var total = 72 * scale * weekday * curve * (0.95 + 0.1 * random.NextDouble());
                var start = monday.ToDateTime(TimeOnly.MinValue).AddDays(day).AddMinutes(q * 15);
                foreach (var (group, share) in new[] { ("cards", 0.5), ("loans", 0.3), ("insurance", 0.2) })
                    demand.Add(new IntervalDemand(start, group, (int)Math.Round(total * share)));
            }
        }
        return new RosterProblem(monday, 1, 15, templates, team, demand, new RosterRules());
    }
}
