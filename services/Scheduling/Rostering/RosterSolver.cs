using System.Diagnostics;
using System.Globalization;
using Google.OrTools.Sat;

namespace CallCentre.Scheduling.Rostering;

/// <summary>docs/rostering.md, The staged solve.</summary>
public static class RosterSolver
{
    /// <summary>The share of the search time still left that each stage may use: what a stage proves early passes on.</summary>
    private static readonly double[] StageShare = [0.6, 0.5, 1.0];

    /// <summary>The relaxation's deterministic work per stage: the stage's nominal share of the search seconds, at least <see cref="MinRelaxationWork"/>.</summary>
    private static readonly double[] RelaxationShare = [0.6, 0.2, 0.2];

    public const double MinRelaxationWork = 2;

    public static RosterSolution Solve(RosterProblem problem, RosterOptions options, CancellationToken cancellationToken = default)
    {
        var faults = RosterInput.Check(problem);
        if (faults.Count > 0) throw new ArgumentException(string.Join(" ", faults.Select(f => f.Message)), nameof(problem));
        if (options.TimeLimit <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options), "The time limit must be positive.");

        var clock = Stopwatch.StartNew();
        var model = new RosterModel(problem);
        if (cancellationToken.IsCancellationRequested) return model.Empty(RosterStatus.NoSolution, clock.Elapsed.TotalSeconds, []);

        // A tenth of the limit, at most 2 s, is kept for reading the answer: a caller's limit holds from call to answer.
        var searchEnd = options.TimeLimit.TotalSeconds - Math.Min(2, options.TimeLimit.TotalSeconds / 10);
        var stages = new List<RosterStageResult>();
        using var callback = new ProgressCallback(model, stages, clock, options.Progress, cancellationToken);
        using var relaxation = model.Relax();
        long[]? best = null;
        foreach (var stage in Enum.GetValues<RosterStage>())
        {
            if (best is not null && cancellationToken.IsCancellationRequested) break;
            var began = clock.Elapsed.TotalSeconds;
            var solutionsBefore = callback.Solutions;
            model.Prepare(stage, best);
            if (best is not null) relaxation.Hold(stage - 1, model.Level(stage - 1, best));
            var budget = Math.Max(0.1, (searchEnd - began) * StageShare[(int)stage - 1]);
            callback.Stage = stage;
            var work = Math.Max(MinRelaxationWork, searchEnd * RelaxationShare[(int)stage - 1]);
            var relaxed = Task.Run(() => relaxation.Bound(stage, work), CancellationToken.None);
            var (status, values, bound) = Search(model.Model, budget, options, callback, cancellationToken);
            if (status == CpSolverStatus.Optimal || cancellationToken.IsCancellationRequested)
                while (!relaxed.Wait(20)) relaxation.Interrupt();
            var floor = relaxed.GetAwaiter().GetResult() ?? 0;
            // A stage cut short before its search starts still has the schedule it was handed (the greedy one keeps every rule).
            if (values is null && best is null && !cancellationToken.IsCancellationRequested) (status, values, bound) = (CpSolverStatus.Feasible, model.Greedy(), 0);
            // CP-SAT does not call back for a schedule it takes from the hint in presolve and ends with.
            if (values is not null && callback.Solutions == solutionsBefore) callback.Tell(values, bound ?? 0);
            best = values ?? best;
            var wall = clock.Elapsed.TotalSeconds - began;
            if (best is null)
            {
                stages.Add(new RosterStageResult(stage, RosterStatus.NoSolution, null, null, null, budget, wall, 0));
                return model.Empty(RosterStatus.NoSolution, clock.Elapsed.TotalSeconds, stages);
            }
            // A stage that found nothing in its budget keeps the previous stage's schedule, which meets its constraints.
            var objective = model.Level(stage, best);
            var optimal = status == CpSolverStatus.Optimal;
            var lower = optimal ? objective : Math.Min(objective, Math.Max(bound ?? 0, floor));
            stages.Add(new RosterStageResult(stage, optimal ? RosterStatus.Optimal : RosterStatus.Feasible, objective, lower,
                GapOf(objective, lower), budget, wall, callback.Solutions - solutionsBefore));
        }
        return model.Read(best!, stages, callback.Solutions, clock.Elapsed.TotalSeconds);
    }

    public static long?[] RelaxationBounds(RosterProblem problem, long heldUnder, long heldOver, double work)
    {
        using var relaxation = new RosterModel(problem).Relax();
        var under = relaxation.Bound(RosterStage.UnderStaffing, work);
        relaxation.Hold(RosterStage.UnderStaffing, heldUnder);
        var over = relaxation.Bound(RosterStage.OverStaffing, work);
        relaxation.Hold(RosterStage.OverStaffing, heldOver);
        return [under, over, relaxation.Bound(RosterStage.Cost, work)];
    }

    private static (CpSolverStatus Status, long[]? Values, long? Bound) Search(
        CpModel model, double seconds, RosterOptions options, ProgressCallback callback, CancellationToken cancellationToken)
    {
        using var solver = new CpSolver
        {
            StringParameters = string.Create(CultureInfo.InvariantCulture,
                $"max_time_in_seconds:{seconds:0.###}, num_workers:{Math.Max(1, options.Workers)}, random_seed:{options.Seed}, {SearchParameters}"),
        };
        // StopSearch only reaches a running search, so a stop asked for while the search starts is repeated until it ends.
        using var poll = cancellationToken.CanBeCanceled
            ? new Timer(_ => { if (cancellationToken.IsCancellationRequested) solver.StopSearch(); }, null, 50, 50)
            : null;
        using var registration = cancellationToken.Register(solver.StopSearch);
        var status = solver.Solve(model, callback);
        poll?.Dispose();
        if (status == CpSolverStatus.ModelInvalid) throw new InvalidOperationException("The roster model is invalid: " + model.Validate());
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible)) return (status, null, null);
        return (status, [.. solver.Response!.Solution], Whole(solver.BestObjectiveBound));
    }

    /// <remarks>Never below 0: every level is non-negative, which CP-SAT's bound does not always see in time.</remarks>
    private static long Whole(double bound) => Math.Max(0, (long)Math.Ceiling(bound - 1e-9 * Math.Max(1, Math.Abs(bound))));

    // Presolve once and skip the symmetry detection: on large weeks they take a good part of a one-minute limit (docs/rostering.md).
    private static readonly string SearchParameters = "max_presolve_iterations:1, symmetry_level:0, linearization_level:2, log_search_progress:"
        + (Environment.GetEnvironmentVariable("ROSTER_LOG") == "1" ? "true" : "false");

    internal static double GapOf(double objective, double bound) => Math.Max(0, objective - bound) / Math.Max(1, Math.Abs(objective));

    private sealed class ProgressCallback(
        RosterModel model, IReadOnlyList<RosterStageResult> done, Stopwatch clock, IProgress<RosterProgress>? progress,
        CancellationToken cancellationToken) : CpSolverSolutionCallback
    {
        public int Solutions { get; private set; }
        public RosterStage Stage { get; set; }

        public override void OnSolutionCallback()
        {
            if (progress is null) Solutions++;
            else Report(Value(model.Under.Expr), Value(model.Over.Expr), Value(model.Paid.Expr), Whole(BestObjectiveBound()));
            if (cancellationToken.IsCancellationRequested) StopSearch();
        }

        public void Tell(long[] values, long stageBound)
        {
            if (progress is null) Solutions++;
            else Report(model.Under.Evaluate(values), model.Over.Evaluate(values), model.Paid.Evaluate(values), stageBound);
        }

        private void Report(long under, long over, long paid, long solverBound)
        {
            Solutions++;
            var stageObjective = Stage switch { RosterStage.UnderStaffing => under, RosterStage.OverStaffing => over, _ => paid };
            var stageBound = Math.Min(stageObjective, solverBound);
            var objective = model.Weighted(under, over, paid);
            var bound = Math.Min(objective, model.WeightedBound(
                [.. done, new RosterStageResult(Stage, RosterStatus.Feasible, stageObjective, stageBound, null, 0, 0, 0)]));
            progress!.Report(new RosterProgress(Solutions, objective, bound, GapOf(objective, bound), clock.Elapsed.TotalSeconds,
                Stage, stageObjective, stageBound));
        }
    }

    /// <summary>Kept as terms, so that it can be read from a saved solution as well as handed to CP-SAT.</summary>
    private sealed class LevelTerms
    {
        private readonly List<IntVar> _vars = [];
        private readonly List<long> _coefficients = [];
        private LinearExpr? _expr;

        public long Constant { get; set; }

        public void Add(IntVar var, long coefficient)
        {
            _vars.Add(var);
            _coefficients.Add(coefficient);
            _expr = null;
        }

        public LinearExpr Expr => _expr ??= LinearExpr.WeightedSum(_vars, _coefficients) + Constant;

        public long Evaluate(long[] values)
        {
            var sum = Constant;
            for (var i = 0; i < _vars.Count; i++) sum += _coefficients[i] * values[_vars[i].Index];
            return sum;
        }
    }

    private sealed record Variant(int Agent, int Day, int Template, int Start, int End, BoolVar Works);

    /// <summary>-1: the template has none.</summary>
    private sealed record Placement(int Break, int Lunch, IntVar Count);

    private sealed class RosterModel
    {
        private readonly RosterProblem _problem;
        private readonly int _width;
        private readonly int _slots;
        private readonly string[] _groups;
        private readonly int[][] _required;                 // [group][slot]
        private readonly int[] _classOf;
        private readonly List<Variant> _variants = [];
        private readonly List<Variant>[][] _byAgentDay;
        private readonly int[][] _groupsOfAgent;
        private readonly Dictionary<(int Class, int Template, int Start), List<Variant>> _alike = [];
        private readonly Dictionary<(int Class, int Template, int Start), Placement[]> _placements = [];
        private readonly Dictionary<(int Group, int Slot), List<(int Class, IntVar Var)>> _assigned = [];
        private readonly ObjectiveWeights _weights;
        private readonly List<IntVar> _all = [];

        public CpModel Model { get; } = new();
        public LevelTerms Under { get; } = new();
        public LevelTerms Over { get; } = new();
        public LevelTerms Paid { get; } = new();

        public RosterModel(RosterProblem problem)
        {
            _problem = problem;
            _width = problem.IntervalMinutes;
            _slots = problem.Intervals;
            _groups = [.. problem.Requirement.Select(r => r.SkillGroup).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            var groupIndex = _groups.Select((g, i) => (g, i)).ToDictionary(p => p.g, p => p.i, StringComparer.Ordinal);
            _required = [.. _groups.Select(_ => new int[_slots])];
            foreach (var r in problem.Requirement) _required[groupIndex[r.SkillGroup]][Slot(r.Start)] = r.Agents;

            // P: no schedule pays more intervals than the weekly cap (or seven of the longest shifts) per agent and week.
            var longest = problem.Templates.Max(t => t.PaidMinutes);
            long paidBound = (long)problem.Agents.Count * problem.Weeks * (Math.Min(problem.Rules.MaxWeeklyMinutes, 7 * longest) / _width);
            _weights = new ObjectiveWeights(Under: (paidBound + 1) * paidBound + paidBound + 1, Over: paidBound + 1, Paid: 1);

            var classes = problem.Agents.Select(a => string.Join('\u001f', a.Skills.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)))
                .ToArray();
            var classIds = classes.Distinct(StringComparer.Ordinal).ToArray();
            _classOf = [.. classes.Select(c => Array.IndexOf(classIds, c))];
            var classSize = classIds.Select(c => classes.Count(x => x == c)).ToArray();
            var classGroups = classIds.Select(c => c.Split('\u001f').Where(groupIndex.ContainsKey).Select(g => groupIndex[g]).ToArray()).ToArray();

            _groupsOfAgent = [.. _classOf.Select(c => classGroups[c])];
            _byAgentDay = new List<Variant>[problem.Agents.Count][];
            var onPhones = new LinearExprBuilder?[classIds.Length, _slots];
            Under.Constant = _required.Sum(g => g.Sum(x => (long)x));

            for (var a = 0; a < problem.Agents.Count; a++)
            {
                var agent = problem.Agents[a];
                var byDay = _byAgentDay[a] = new List<Variant>[problem.Days];
                for (var d = 0; d < problem.Days; d++)
                {
                    byDay[d] = [];
                    if (agent.UnavailableDays?.Contains(problem.FirstDay.AddDays(d)) == true) continue;
                    for (var k = 0; k < problem.Templates.Count; k++)
                    {
                        var template = problem.Templates[k];
                        for (var minute = template.EarliestStart.Hour * 60 + template.EarliestStart.Minute;
                             minute <= template.LatestStart.Hour * 60 + template.LatestStart.Minute; minute += template.StartEveryMinutes)
                        {
                            var start = (d * 1440 + minute) / _width;
                            var end = start + template.LengthMinutes / _width;
                            if (agent.Unavailable?.Any(r => Time(start) < r.To && r.From < Time(end)) == true) continue;
                            if (agent.LastShiftEnd is { } last && Time(start) < last.AddMinutes(problem.Rules.MinRestMinutes)) continue;
                            var variant = new Variant(a, d, k, start, end, Model.NewBoolVar(""));
                            _all.Add(variant.Works);
                            byDay[d].Add(variant);
                            _variants.Add(variant);
                            var key = (_classOf[a], k, start);
                            if (!_alike.TryGetValue(key, out var alike)) _alike[key] = alike = [];
                            alike.Add(variant);
                            for (var t = start; t < Math.Min(end, _slots); t++) Phones(onPhones, _classOf[a], t).Add(variant.Works);
                            Over.Add(variant.Works, Math.Min(end, _slots) - start);
                            Paid.Add(variant.Works, template.PaidMinutes / _width);
                        }
                    }
                    Model.AddAtMostOne(byDay[d].Select(v => (ILiteral)v.Works));
                }

                // Rest: a shift excludes every later shift starting less than the rest after its end; at most one of those per day.
                var rest = problem.Rules.MinRestMinutes / (double)_width;
                foreach (var first in byDay.SelectMany(v => v))
                    for (var d = first.Day + 1; d < problem.Days && d * 1440 / _width < first.End + rest; d++)
                    {
                        var clash = byDay[d].Where(v => v.Start < first.End + rest).Select(v => (ILiteral)v.Works).ToList();
                        if (clash.Count > 0) Model.AddAtMostOne([first.Works, .. clash]);
                    }
                for (var w = 0; w < problem.Weeks; w++)
                {
                    var week = byDay.Skip(7 * w).Take(7).SelectMany(v => v).ToList();
                    if (week.Count == 0) continue;
                    Model.Add(LinearExpr.WeightedSum(week.Select(v => v.Works), week.Select(v => (long)problem.Templates[v.Template].PaidMinutes))
                              <= problem.Rules.MaxWeeklyMinutes);
                    if (problem.Rules.MinDaysOffPerWeek > 0)
                        Model.Add(LinearExpr.Sum(week.Select(v => v.Works)) <= 7 - problem.Rules.MinDaysOffPerWeek);
                }
            }

            // Placements are counted per skill set, template and start, not per agent: which agent takes which is decided after the search.
            foreach (var ((c, k, start), alike) in _alike)
            {
                var template = problem.Templates[k];
                var placements = PlacementsOf(template, start, alike.Count);
                _placements[(c, k, start)] = placements;
                if (placements.Length == 1 && placements[0].Break < 0 && placements[0].Lunch < 0)
                {
                    Model.Add(placements[0].Count == LinearExpr.Sum(alike.Select(v => v.Works)));
                    continue;
                }
                Model.Add(LinearExpr.Sum(placements.Select(p => p.Count)) == LinearExpr.Sum(alike.Select(v => v.Works)));
                foreach (var p in placements)
                {
                    var off = 0;
                    foreach (var (at, rule) in new[] { (p.Break, template.Break), (p.Lunch, template.Lunch) })
                        if (at >= 0)
                            for (var t = at; t < Math.Min(at + rule!.Minutes / _width, _slots); t++, off++)
                                Phones(onPhones, c, t).AddTerm(p.Count, -1);
                    if (off > 0) Over.Add(p.Count, -off);
                }
            }

            for (var t = 0; t < _slots; t++)
                for (var c = 0; c < classIds.Length; c++)
                {
                    if (onPhones[c, t] is not { } phones) continue;
                    var split = new List<IntVar>();
                    foreach (var g in classGroups[c])
                    {
                        var need = _required[g][t];
                        if (need == 0) continue;
                        var y = Model.NewIntVar(0, Math.Min(need, classSize[c]), "");
                        split.Add(y);
                        _all.Add(y);
                        if (!_assigned.TryGetValue((g, t), out var list)) _assigned[(g, t)] = list = [];
                        list.Add((c, y));
                        Under.Add(y, -1);
                        Over.Add(y, -1);
                    }
                    if (split.Count > 0) Model.Add(LinearExpr.Sum(split) <= phones);
                }
            foreach (var ((g, t), list) in _assigned)
                if (list.Count > 1) Model.Add(LinearExpr.Sum(list.Select(p => p.Var)) <= _required[g][t]);
            foreach (var placements in _placements.Values) _all.AddRange(placements.Select(p => p.Count));
            HintGreedySchedule();
        }

        /// <summary>Each agent takes the shift that fills most of the remaining need, if at least half and the rules allow.</summary>
        private void HintGreedySchedule()
        {
            var need = _required.Select(r => (int[])r.Clone()).ToArray();
            var lastEnd = Enumerable.Repeat(int.MinValue / 2, _problem.Agents.Count).ToArray();
            var paid = new int[_problem.Agents.Count, _problem.Weeks];
            var worked = new int[_problem.Agents.Count, _problem.Weeks];
            var rest = _problem.Rules.MinRestMinutes / (double)_width;
            var chosen = new HashSet<Variant>();
            for (var d = 0; d < _problem.Days; d++)
            {
                var w = d / 7;
                for (var a = 0; a < _problem.Agents.Count; a++)
                {
                    if (worked[a, w] >= 7 - _problem.Rules.MinDaysOffPerWeek) continue;
                    Variant? best = null;
                    var bestScore = 0;
                    foreach (var v in _byAgentDay[a][d])
                    {
                        var template = _problem.Templates[v.Template];
                        if (v.Start < lastEnd[a] + rest || paid[a, w] + template.PaidMinutes > _problem.Rules.MaxWeeklyMinutes) continue;
                        var score = 0;
                        for (var t = v.Start; t < Math.Min(v.End, _slots); t++)
                            if (_groupsOfAgent[a].Any(g => need[g][t] > 0)) score++;
                        if (2 * score >= v.End - v.Start && score > bestScore) (best, bestScore) = (v, score);
                    }
                    if (best is null) continue;
                    chosen.Add(best);
                    lastEnd[a] = best.End;
                    paid[a, w] += _problem.Templates[best.Template].PaidMinutes;
                    worked[a, w]++;
                    for (var t = best.Start; t < Math.Min(best.End, _slots); t++)
                    {
                        var most = -1;
                        foreach (var g in _groupsOfAgent[a])
                            if (need[g][t] > 0 && (most < 0 || need[g][t] > need[most][t])) most = g;
                        if (most >= 0) need[most][t]--;
                    }
                }
            }
            foreach (var v in _variants) Model.AddHint(v.Works, chosen.Contains(v));

            // Complete the hint (first placement for every shift, coverage split greedily) so that even one worker starts from it.
            var classes = _classOf.Max() + 1;
            var phones = new int[classes, _slots];
            foreach (var ((c, k, _), alike) in _alike)
            {
                var placements = _placements[(c, k, alike[0].Start)];
                var working = alike.Where(chosen.Contains).ToList();
                for (var i = 0; i < placements.Length; i++) Model.AddHint(placements[i].Count, i == 0 ? working.Count : 0);
                var template = _problem.Templates[k];
                foreach (var v in working)
                    for (var t = v.Start; t < Math.Min(v.End, _slots); t++) phones[c, t]++;
                foreach (var (at, rule) in new[] { (placements[0].Break, template.Break), (placements[0].Lunch, template.Lunch) })
                    if (at >= 0)
                        for (var t = at; t < Math.Min(at + rule!.Minutes / _width, _slots); t++) phones[c, t] -= working.Count;
            }
            var left = _required.Select(r => (int[])r.Clone()).ToArray();
            foreach (var ((g, t), list) in _assigned.OrderBy(p => p.Key.Slot).ThenBy(p => p.Key.Group))
                foreach (var (c, y) in list)
                {
                    var take = (int)Math.Min(Math.Min(phones[c, t], left[g][t]), y.Domain.Max());
                    phones[c, t] -= take;
                    left[g][t] -= take;
                    Model.AddHint(y, take);
                }
        }

        private Placement[] PlacementsOf(ShiftTemplate template, int start, int most)
        {
            int[] Starts(BreakRule? rule) => rule is null
                ? [-1]
                : [.. Enumerable.Range(0, (rule.LatestAfterMinutes - rule.EarliestAfterMinutes) / _width + 1).Select(j => start + rule.EarliestAfterMinutes / _width + j)];
            var breakLength = (template.Break?.Minutes ?? 0) / _width;
            var lunchLength = (template.Lunch?.Minutes ?? 0) / _width;
            return [.. from b in Starts(template.Break)
                       from l in Starts(template.Lunch)
                       where b < 0 || l < 0 || b + breakLength <= l || l + lunchLength <= b
                       select new Placement(b, l, Model.NewIntVar(0, most, ""))];
        }

        private static LinearExprBuilder Phones(LinearExprBuilder?[,] onPhones, int c, int t) => onPhones[c, t] ??= LinearExpr.NewBuilder();

        private int Slot(DateTime time) => (int)((time - _problem.HorizonStart).TotalMinutes / _width);

        private DateTime Time(int slot) => _problem.HorizonStart.AddMinutes((double)slot * _width);

        /// <summary>After the first stage, holds the previous stage's levels and hints its schedule whole.</summary>
        public void Prepare(RosterStage stage, long[]? previous)
        {
            Model.Model.Objective = null;
            Model.Minimize(LevelOf(stage).Expr);
            if (previous is null) return;
            var (under, over, paid) = (Under.Evaluate(previous), Over.Evaluate(previous), Paid.Evaluate(previous));
            if (stage == RosterStage.OverStaffing)
            {
                Model.Add(Under.Expr <= under);
                Model.Add(_weights.Over * Over.Expr + _weights.Paid * Paid.Expr <= _weights.Over * over + _weights.Paid * paid);
            }
            else
            {
                Model.Add(Over.Expr <= over);
                Model.Add(Paid.Expr <= paid);
            }
            Model.ClearHints();
            foreach (var v in _all) Model.AddHint(v, previous[v.Index]);
        }

        public RosterRelaxation Relax() => new(_problem, _required, _classOf, _groupsOfAgent,
            [.. _variants.Select(v => (v.Agent, v.Day, v.Template, v.Start, v.End))]);

        public long[] Greedy()
        {
            var values = new long[Model.Model.Variables.Count];
            var hint = Model.Model.SolutionHint;
            for (var i = 0; i < hint.Vars.Count; i++) values[hint.Vars[i]] = hint.Values[i];
            return values;
        }

        private LevelTerms LevelOf(RosterStage stage) => stage switch
        {
            RosterStage.UnderStaffing => Under,
            RosterStage.OverStaffing => Over,
            _ => Paid,
        };

        public long Level(RosterStage stage, long[] values) => LevelOf(stage).Evaluate(values);

        public long Weighted(long under, long over, long paid) => _weights.Under * under + _weights.Over * over + _weights.Paid * paid;

        /// <summary>The proven optima of the stages solved to the end, then the first open stage's bound: each weight outweighs every level after it.</summary>
        public long WeightedBound(IEnumerable<RosterStageResult> stages)
        {
            long sum = 0;
            foreach (var s in stages)
            {
                var weight = s.Stage switch { RosterStage.UnderStaffing => _weights.Under, RosterStage.OverStaffing => _weights.Over, _ => _weights.Paid };
                if (s.Status != RosterStatus.Optimal) return sum + weight * (s.BestBound ?? 0);
                sum += weight * s.Objective!.Value;
            }
            return sum;
        }

        public RosterSolution Empty(RosterStatus status, double wall, IReadOnlyList<RosterStageResult> stages) =>
            new(status, [], Coverage(new int[_slots], new Dictionary<(int, int), int>()), 0, 0, 0, null, null, null, _weights, 0, wall, stages);

        public RosterSolution Read(long[] values, IReadOnlyList<RosterStageResult> stages, int solutions, double wall)
        {
            var shifts = new List<ScheduledShift>();
            var onPhones = new int[_slots];
            foreach (var (key, alike) in _alike)
            {
                var template = _problem.Templates[key.Template];
                var working = alike.Where(v => values[v.Works.Index] == 1).ToList();
                var placements = _placements[key].SelectMany(p => Enumerable.Repeat(p, (int)values[p.Count.Index])).ToList();
                for (var i = 0; i < working.Count; i++)
                {
                    var v = working[i];
                    var p = placements[i];
                    TimeRange? Range(BreakRule? rule, int at) => rule is null ? null : new TimeRange(Time(at), Time(at + rule.Minutes / _width));
                    var shift = new ScheduledShift(_problem.Agents[v.Agent].Id, template.Name, Time(v.Start), Time(v.End),
                        Range(template.Break, p.Break), Range(template.Lunch, p.Lunch));
                    shifts.Add(shift);
                    for (var t = v.Start; t < Math.Min(v.End, _slots); t++) onPhones[t]++;
                    foreach (var range in new[] { shift.Break, shift.Lunch })
                        if (range is not null)
                            for (var t = Slot(range.From); t < Math.Min(Slot(range.To), _slots); t++) onPhones[t]--;
                }
            }
            var covered = _assigned.ToDictionary(p => p.Key, p => p.Value.Sum(x => (int)values[x.Var.Index]));
            var coverage = Coverage(onPhones, covered);
            var paidHours = shifts.Sum(s => _problem.Templates.First(t => t.Name == s.Template).PaidMinutes) / 60.0;
            // Exact in whole numbers; the solver's double carries rounding noise at these weights.
            var paidIntervals = shifts.Sum(s => (long)(_problem.Templates.First(t => t.Name == s.Template).PaidMinutes / _width));
            var objective = _weights.Under * coverage.Sum(c => (long)c.Under) + _weights.Over * coverage.Sum(c => (long)c.Over) + _weights.Paid * paidIntervals;
            var status = stages.Count == 3 && stages.All(s => s.Status == RosterStatus.Optimal) ? RosterStatus.Optimal : RosterStatus.Feasible;
            var bound = Math.Min(objective, WeightedBound(stages));
            return new RosterSolution(status, [.. shifts.OrderBy(s => s.AgentId, StringComparer.Ordinal).ThenBy(s => s.Start)], coverage,
                coverage.Sum(c => (long)c.Under), coverage.Sum(c => (long)c.Over), paidHours, objective, bound, GapOf(objective, bound), _weights,
                solutions, wall, stages);
        }

        private List<IntervalCoverage> Coverage(int[] onPhones, Dictionary<(int, int), int> covered)
        {
            var list = new List<IntervalCoverage>(_slots);
            for (var t = 0; t < _slots; t++)
            {
                var groups = new List<GroupCoverage>();
                for (var g = 0; g < _groups.Length; g++)
                    if (_required[g][t] > 0 || covered.GetValueOrDefault((g, t)) > 0)
                        groups.Add(new GroupCoverage(_groups[g], _required[g][t], covered.GetValueOrDefault((g, t))));
                var required = groups.Sum(g => g.Required);
                var cov = groups.Sum(g => g.Covered);
                list.Add(new IntervalCoverage(Time(t), required, onPhones[t], cov, required - cov, onPhones[t] - cov, groups));
            }
            return list;
        }
    }
}
