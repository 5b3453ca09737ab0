using System.Globalization;
using Google.OrTools.LinearSolver;

namespace CallCentre.Scheduling.Rostering;

/// <summary>docs/rostering.md, The relaxation's bound.</summary>
internal sealed class RosterRelaxation : IDisposable
{
    private readonly Solver _lp = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("GLOP is not available.");
    private readonly Dictionary<Variable, double> _phones = [];
    private readonly Dictionary<Variable, double> _paid = [];
    private readonly List<Variable> _covered = [];
    private readonly long _required;

    public RosterRelaxation(RosterProblem problem, int[][] required, int[] classOf, int[][] groupsOfAgent,
        IReadOnlyList<(int Agent, int Day, int Template, int Start, int End)> variants)
    {
        var width = problem.IntervalMinutes;
        var slots = problem.Intervals;
        _required = required.Sum(g => g.Sum(x => (long)x));
        var byAgent = variants.GroupBy(v => v.Agent).ToDictionary(g => g.Key, g => g.ToList());
        var pools = byAgent.GroupBy(p => classOf[p.Key] + "|" + string.Join(';', p.Value.Select(v => $"{v.Day},{v.Template},{v.Start}")))
            .Select(g => (Size: g.Count(), Class: classOf[g.First().Key], Variants: g.First().Value));
        var total = new Dictionary<(int Class, int Template, int Start), Variable>();
        var totalRows = new Dictionary<(int Class, int Template, int Start), Constraint>();
        foreach (var pool in pools)
        {
            var x = pool.Variants.Select(v => (v, Var: Count())).ToList();
            foreach (var (v, var) in x)
            {
                var key = (pool.Class, v.Template, v.Start);
                if (!totalRows.TryGetValue(key, out var row))
                {
                    total[key] = Count();
                    totalRows[key] = row = _lp.MakeConstraint(0, 0);
                    row.SetCoefficient(total[key], -1);
                }
                row.SetCoefficient(var, 1);
                _paid[var] = problem.Templates[v.Template].PaidMinutes / width;
            }
            foreach (var day in x.GroupBy(p => p.v.Day)) AtMost(day.Select(p => (p.Var, 1.0)), pool.Size);
            for (var w = 0; w < problem.Weeks; w++)
            {
                var week = x.Where(p => p.v.Day / 7 == w).ToList();
                if (problem.Rules.MinDaysOffPerWeek > 0) AtMost(week.Select(p => (p.Var, 1.0)), (7.0 - problem.Rules.MinDaysOffPerWeek) * pool.Size);
                AtMost(week.Select(p => (p.Var, (double)problem.Templates[p.v.Template].PaidMinutes)), (double)problem.Rules.MaxWeeklyMinutes * pool.Size);
            }
            var rest = problem.Rules.MinRestMinutes / (double)width;
            foreach (var end in x.Select(p => (p.v.Day, p.v.End)).Distinct())
                AtMost(x.Where(p => (p.v.Day == end.Day && p.v.End >= end.End) || (p.v.Day == end.Day + 1 && p.v.Start < end.End + rest))
                    .Select(p => (p.Var, 1.0)), pool.Size);
        }

        var phones = new Dictionary<(int Class, int Slot), List<(Variable, double)>>();
        void OnPhones(int c, int from, int to, Variable var, double sign)
        {
            for (var t = from; t < Math.Min(to, slots); t++)
            {
                if (!phones.TryGetValue((c, t), out var list)) phones[(c, t)] = list = [];
                list.Add((var, sign));
            }
            _phones[var] = _phones.GetValueOrDefault(var) + sign * Math.Max(0, Math.Min(to, slots) - from);
        }
        foreach (var ((c, k, start), var) in total)
        {
            var template = problem.Templates[k];
            OnPhones(c, start, start + template.LengthMinutes / width, var, 1);
            foreach (var rule in new[] { template.Break, template.Lunch })
            {
                if (rule is null) continue;
                var placed = _lp.MakeConstraint(0, 0);
                placed.SetCoefficient(var, -1);
                for (var at = start + rule.EarliestAfterMinutes / width; at <= start + rule.LatestAfterMinutes / width; at++)
                {
                    var z = Count();
                    placed.SetCoefficient(z, 1);
                    OnPhones(c, at, at + rule.Minutes / width, z, -1);
                }
            }
        }

        var groupsOfClass = classOf.Select((c, a) => (c, a)).GroupBy(p => p.c).ToDictionary(g => g.Key, g => groupsOfAgent[g.First().a]);
        var demand = new Dictionary<(int Group, int Slot), List<(Variable, double)>>();
        foreach (var ((c, t), terms) in phones)
        {
            var split = new List<(Variable, double)>();
            foreach (var g in groupsOfClass[c].Where(g => required[g][t] > 0))
            {
                var y = Count();
                _covered.Add(y);
                _phones[y] = _phones.GetValueOrDefault(y) - 1;
                split.Add((y, 1));
                if (!demand.TryGetValue((g, t), out var list)) demand[(g, t)] = list = [];
                list.Add((y, 1));
            }
            if (split.Count > 0) AtMost([.. split, .. terms.Select(p => (p.Item1, -p.Item2))], 0);
        }
        foreach (var ((g, t), list) in demand) AtMost(list, required[g][t]);
    }

    /// <summary>Rounded up; null when GLOP does not prove its optimum within <paramref name="work"/> units of its deterministic time
    /// (about a second each on a quiet machine), so that the answer does not depend on the machine's speed or load.</summary>
    public long? Bound(RosterStage stage, double work)
    {
        var objective = _lp.Objective();
        objective.Clear();
        var terms = stage switch
        {
            RosterStage.UnderStaffing => _covered.ToDictionary(v => v, _ => -1.0),
            RosterStage.OverStaffing => _phones,
            _ => _paid,
        };
        foreach (var (var, c) in terms) objective.SetCoefficient(var, c);
        objective.SetMinimization();
        _lp.SetSolverSpecificParametersAsString(string.Create(CultureInfo.InvariantCulture, $"max_deterministic_time:{Math.Max(0.01, work):0.###}"));
        if (_lp.Solve() != Solver.ResultStatus.OPTIMAL) return null;
        var value = objective.Value() + (stage == RosterStage.UnderStaffing ? _required : 0);
        return Math.Max(0, (long)Math.Ceiling(value - 1e-6 * Math.Max(1, Math.Abs(value))));
    }

    public void Interrupt() => _lp.InterruptSolve();

    public void Hold(RosterStage stage, long value)
    {
        if (stage == RosterStage.UnderStaffing) AtLeast(_covered.Select(v => (v, 1.0)), _required - value);
        else if (stage == RosterStage.OverStaffing) AtMost(_phones.Select(p => (p.Key, p.Value)), value);
    }

    private Variable Count() => _lp.MakeNumVar(0, double.PositiveInfinity, "");

    private void AtMost(IEnumerable<(Variable Var, double Coefficient)> terms, double bound) => Row(terms, double.NegativeInfinity, bound);

    private void AtLeast(IEnumerable<(Variable Var, double Coefficient)> terms, double bound) => Row(terms, bound, double.PositiveInfinity);

    private void Row(IEnumerable<(Variable Var, double Coefficient)> terms, double lower, double upper)
    {
        var row = _lp.MakeConstraint(lower, upper);
        foreach (var (var, c) in terms) row.SetCoefficient(var, row.GetCoefficient(var) + c);
    }

    public void Dispose() => _lp.Dispose();
}
