using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Centre;
using CallCentre.Routing.Engine;

namespace CallCentre.Simulator.Scenarios;

public static class ScenarioValidator
{
    private static readonly string[] DistributionNames = ["exponential", "lognormal", "constant"];

    public static ValidScenario Validate(Scenario s)
    {
        var errors = new List<string>();

        if (s.Seed is null) errors.Add("seed: required (an integer; every random draw comes from it)");
        var duration = s.DurationSeconds ?? double.NaN;
        if (s.DurationSeconds is null) errors.Add("durationSeconds: required");
        else if (!(duration > 0) || double.IsInfinity(duration)) errors.Add($"durationSeconds: must be a positive number of seconds, not {duration}");
        var warmup = s.WarmupSeconds ?? 0;
        if (!(warmup >= 0) || (s.DurationSeconds is not null && warmup >= duration))
            errors.Add($"warmupSeconds: must be at least 0 and less than durationSeconds, not {warmup}");

        var queues = new List<ValidQueue>();
        if (s.Queues is null || s.Queues.Count == 0)
            errors.Add("queues: at least one queue is required");
        else
            for (var i = 0; i < s.Queues.Count; i++)
                queues.Add(ValidateQueue(s.Queues[i], $"queues[{i}]", errors));
        foreach (var duplicate in queues.GroupBy(q => q.Id).Where(g => g.Count() > 1 && g.Key.Length > 0))
            errors.Add($"queues[{queues.FindIndex(q => q.Id == duplicate.Key)}].id: \"{duplicate.Key}\" is used by more than one queue");

        var groups = new List<ValidAgentGroup>();
        if (s.Agents is null || s.Agents.Count == 0)
            errors.Add("agents: at least one agent group is required");
        else
            for (var i = 0; i < s.Agents.Count; i++)
                groups.Add(ValidateGroup(s.Agents[i], i, errors));
        foreach (var duplicate in groups.GroupBy(g => g.Name).Where(g => g.Count() > 1))
            errors.Add($"agents[{groups.FindIndex(g => g.Name == duplicate.Key)}].name: \"{duplicate.Key}\" is used by more than one group");

        // The engine knows wrap-up per queue, not per agent: every group that serves a queue must agree on it.
        for (var qi = 0; qi < queues.Count; qi++)
        {
            var queue = queues[qi];
            var serving = Enumerable.Range(0, groups.Count).Where(g => Satisfies(groups[g].Skills, queue.RequiredSkills)).ToList();
            if (!serving.Any(g => groups[g].Count > 0))
            {
                errors.Add($"queues[{qi}].requiredSkills: no agent group has these skills, so its calls could never be answered");
                continue;
            }
            foreach (var (field, kind, used) in new[] { ("chat", ContactKinds.Chat, queue.Chat is not null), ("email", ContactKinds.Email, queue.Email is not null),
                         ("messaging", ContactKinds.Messaging, queue.Messaging is not null),
                         ("callbackOnWait", ContactKinds.Callback, queue.CallbackOnWait is not null) })
                if (used && !serving.Any(g => groups[g].Count > 0 && groups[g].CapacityFor(kind) > 0))
                    errors.Add($"queues[{qi}].{field}: no agent group with the queue's skills has capacity for {kind}, so these contacts could never be answered");
            var wrapUps = serving.Select(g => groups[g].WrapUpSeconds).Distinct().ToList();
            if (wrapUps.Count > 1)
                errors.Add($"agents[{serving[1]}].wrapUpSeconds: the groups serving queue \"{queue.Id}\" ({string.Join(", ", serving.Select(g => groups[g].Name))}) " +
                           $"differ in wrap-up ({string.Join(", ", wrapUps)} s); the routing engine applies wrap-up per queue, so they must agree");
            else
                queues[qi] = queue with { WrapUpSeconds = wrapUps[0] };
            foreach (var g in serving)
            {
                var group = groups[g];
                var slowest = Math.Max(group.RingSeconds, group.AnswerLateProbability > 0 ? group.AnswerLateSeconds : 0);
                if (slowest >= queue.OfferTimeoutSeconds)
                    errors.Add($"agents[{g}].{(group.RingSeconds >= queue.OfferTimeoutSeconds ? "ringSeconds" : "answerLateSeconds")}: {slowest} s is not " +
                               $"less than queue \"{queue.Id}\"'s offerTimeoutSeconds ({queue.OfferTimeoutSeconds} s): the offer would ring out first");
            }
        }

        var calls = new List<ValidTraceCall>();
        if (s.Calls is not null)
        {
            var queueIndex = queues.Select((q, i) => (q.Id, i)).GroupBy(x => x.Id).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
            for (var i = 0; i < s.Calls.Count; i++)
            {
                var c = s.Calls[i];
                var path = $"calls[{i}]";
                if (c is null) { errors.Add($"{path}: null"); continue; }
                var q = -1;
                if (string.IsNullOrEmpty(c.Queue)) errors.Add($"{path}.queue: required");
                else if (!queueIndex.TryGetValue(c.Queue, out q)) errors.Add($"{path}.queue: no queue has the id \"{c.Queue}\"");
                if (c.ArrivalSeconds is not { } at) errors.Add($"{path}.arrivalSeconds: required");
                else if (!(at >= 0) || (s.DurationSeconds is not null && at >= duration))
                    errors.Add($"{path}.arrivalSeconds: must be at least 0 and less than durationSeconds, not {at}");
                if (c.HandleSeconds is not { } handle) errors.Add($"{path}.handleSeconds: required");
                else if (!(handle >= 0) || double.IsInfinity(handle)) errors.Add($"{path}.handleSeconds: must be at least 0, not {handle}");
                if (c.PatienceSeconds is { } patience && (!(patience >= 0) || double.IsInfinity(patience)))
                    errors.Add($"{path}.patienceSeconds: must be at least 0 or null (never hangs up), not {patience}");
                calls.Add(new ValidTraceCall(q, c.ArrivalSeconds ?? 0, c.HandleSeconds ?? 0, c.PatienceSeconds));
            }
        }

        var staffing = new List<ValidStaffingSlice>();
        if (s.Staffing is not null)
        {
            var groupIndex = groups.Select((g, i) => (g.Name, i)).GroupBy(x => x.Name).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
            var previous = double.NegativeInfinity;
            for (var i = 0; i < s.Staffing.Count; i++)
            {
                var slice = s.Staffing[i];
                var path = $"staffing[{i}]";
                if (slice is null) { errors.Add($"{path}: null"); continue; }
                if (slice.FromSeconds is not { } from) errors.Add($"{path}.fromSeconds: required");
                else if (!(from >= 0) || from <= previous) errors.Add($"{path}.fromSeconds: must be at least 0 and after the previous slice's, not {from}");
                else previous = from;
                var onDuty = new int[groups.Count];
                if (slice.Agents is null) errors.Add($"{path}.agents: required (an empty list means nobody is on duty)");
                else
                    for (var j = 0; j < slice.Agents.Count; j++)
                    {
                        var entry = slice.Agents[j];
                        var entryPath = $"{path}.agents[{j}]";
                        if (entry?.Group is null) { errors.Add($"{entryPath}.group: required (the name of an agent group)"); continue; }
                        if (!groupIndex.TryGetValue(entry.Group, out var g)) { errors.Add($"{entryPath}.group: no agent group is named \"{entry.Group}\""); continue; }
                        if (entry.Count is not { } count || count < 0 || count > groups[g].Count)
                            errors.Add($"{entryPath}.count: must be between 0 and the group's count ({groups[g].Count}), not {entry.Count?.ToString() ?? "missing"}");
                        else onDuty[g] = count;
                    }
                staffing.Add(new ValidStaffingSlice(slice.FromSeconds ?? 0, onDuty));
            }
        }

        if (errors.Count > 0)
            throw new ScenarioException(errors);
        return new ValidScenario(s.Seed!.Value, duration, warmup, queues, groups, calls, staffing, s.Observed);
    }

    private static ValidQueue ValidateQueue(QueueSpec? q, string path, List<string> errors)
    {
        if (q is null)
        {
            errors.Add($"{path}: null");
            return new ValidQueue("", "", new Dictionary<string, int>(), 5, 0, null, null, null, 20, 15, 0);
        }
        if (string.IsNullOrWhiteSpace(q.Id)) errors.Add($"{path}.id: required");
        var skills = ValidateSkills(q.RequiredSkills, $"{path}.requiredSkills", errors);
        var priority = q.Priority ?? 5;
        if (priority is < 1 or > 10) errors.Add($"{path}.priority: must be between 1 (lowest) and 10 (highest), not {priority}");
        var rate = q.ArrivalsPerHour ?? 0;
        if (!(rate >= 0) || double.IsInfinity(rate)) errors.Add($"{path}.arrivalsPerHour: must be at least 0, not {rate}");
        if (q.ArrivalProfile is { } profile)
        {
            if (profile.Count == 0) errors.Add($"{path}.arrivalProfile: must hold at least one multiplier, or be left out for a constant rate");
            for (var i = 0; i < profile.Count; i++)
                if (!(profile[i] >= 0) || double.IsInfinity(profile[i]))
                    errors.Add($"{path}.arrivalProfile[{i}]: a multiplier must be at least 0, not {profile[i]}");
        }
        Distribution? handle = null;
        if (q.HandleTime is null)
        {
            if (rate > 0) errors.Add($"{path}.handleTime: required when arrivalsPerHour is above 0");
        }
        else handle = ValidateDistribution(q.HandleTime, $"{path}.handleTime", errors);
        var patience = q.Patience is null ? null : ValidateDistribution(q.Patience, $"{path}.patience", errors);
        var threshold = q.ServiceLevelThresholdSeconds ?? 20;
        if (!(threshold >= 0) || double.IsInfinity(threshold)) errors.Add($"{path}.serviceLevelThresholdSeconds: must be at least 0, not {threshold}");
        var offerTimeout = q.OfferTimeoutSeconds ?? 15;
        if (!(offerTimeout > 0) || double.IsInfinity(offerTimeout)) errors.Add($"{path}.offerTimeoutSeconds: must be above 0, not {offerTimeout}");
        else WholeSeconds(offerTimeout, $"{path}.offerTimeoutSeconds", errors);
        return new ValidQueue(q.Id ?? "", string.IsNullOrWhiteSpace(q.Tenant) ? "t1" : q.Tenant, skills, priority, rate,
            q.ArrivalProfile, handle, patience, threshold, offerTimeout, 0)
        {
            Chat = q.Chat is null ? null : ValidateTraffic(q.Chat, $"{path}.chat", errors),
            Email = q.Email is null ? null : ValidateTraffic(q.Email, $"{path}.email", errors),
            Messaging = q.Messaging is null ? null : ValidateTraffic(q.Messaging, $"{path}.messaging", errors),
            CallbackOnWait = q.CallbackOnWait is null ? null : ValidateCallbackOnWait(q.CallbackOnWait, $"{path}.callbackOnWait", errors),
        };
    }

    private static ValidContactTraffic? ValidateTraffic(ContactTrafficSpec t, string path, List<string> errors)
    {
        var rate = t.ArrivalsPerHour ?? -1;
        if (!(rate >= 0) || double.IsInfinity(rate)) errors.Add($"{path}.arrivalsPerHour: required, at least 0{(t.ArrivalsPerHour is { } r ? $", not {r}" : "")}");
        Distribution? handle = null;
        if (t.HandleTime is null) errors.Add($"{path}.handleTime: required");
        else handle = ValidateDistribution(t.HandleTime, $"{path}.handleTime", errors);
        var patience = t.Patience is null ? null : ValidateDistribution(t.Patience, $"{path}.patience", errors);
        return handle is null ? null : new ValidContactTraffic(Math.Max(0, rate), handle, patience);
    }

    private static ValidCallbackOnWait ValidateCallbackOnWait(CallbackOnWaitSpec c, string path, List<string> errors)
    {
        if (c.Share is null) errors.Add($"{path}.share: required (the share of would-be abandoners who choose a callback, 0 to 1)");
        var share = Probability(c.Share ?? 0, $"{path}.share", errors);
        var dial = NonNegative(c.DialSeconds ?? 20, $"{path}.dialSeconds", errors);
        var reach = Probability(c.ReachProbability ?? 1, $"{path}.reachProbability", errors);
        if (c.Attempts is { } attempts and (< 1 or > 10)) errors.Add($"{path}.attempts: must be between 1 and 10, not {attempts}");
        if (c.SpacingSeconds is { } spacing)
        {
            NonNegative(spacing, $"{path}.spacingSeconds", errors);
            WholeSeconds(spacing, $"{path}.spacingSeconds", errors);
        }
        return new ValidCallbackOnWait(share, dial, reach, c.Attempts, c.SpacingSeconds);
    }

    // The routing engine reads the queue model of the centre file, which counts these in whole seconds.
    private static void WholeSeconds(double seconds, string path, List<string> errors)
    {
        if (double.IsFinite(seconds) && seconds != Math.Floor(seconds))
            errors.Add($"{path}: must be a whole number of seconds, not {seconds}");
    }

    private static ValidAgentGroup ValidateGroup(AgentGroupSpec? a, int index, List<string> errors)
    {
        var path = $"agents[{index}]";
        var name = string.IsNullOrWhiteSpace(a?.Name) ? $"g{index + 1}" : a.Name;
        if (a is null)
        {
            errors.Add($"{path}: null");
            return new ValidAgentGroup(name, 0, new Dictionary<string, int>(), 0, 0, 0, 10, 0, 60, []);
        }
        var count = a.Count ?? -1;
        if (a.Count is null) errors.Add($"{path}.count: required");
        else if (count is < 0 or > 100_000) errors.Add($"{path}.count: must be between 0 and 100000, not {count}");
        var skills = ValidateSkills(a.Skills, $"{path}.skills", errors);
        var wrapUp = NonNegative(a.WrapUpSeconds ?? 0, $"{path}.wrapUpSeconds", errors);
        WholeSeconds(wrapUp, $"{path}.wrapUpSeconds", errors);
        var ring = NonNegative(a.RingSeconds ?? 0, $"{path}.ringSeconds", errors);
        var late = Probability(a.AnswerLateProbability ?? 0, $"{path}.answerLateProbability", errors);
        var lateSeconds = NonNegative(a.AnswerLateSeconds ?? 10, $"{path}.answerLateSeconds", errors);
        if (late > 0 && lateSeconds < ring) errors.Add($"{path}.answerLateSeconds: a late answer ({lateSeconds} s) cannot come before a normal one (ringSeconds {ring} s)");
        var miss = Probability(a.MissOfferProbability ?? 0, $"{path}.missOfferProbability", errors);
        if (late + miss > 1) errors.Add($"{path}.missOfferProbability: with answerLateProbability it adds up to more than 1 ({late + miss})");
        var recovery = NonNegative(a.MissedRecoverySeconds ?? 60, $"{path}.missedRecoverySeconds", errors);
        var breaks = new List<ValidBreak>();
        var next = 0;
        for (var i = 0; i < (a.Breaks?.Count ?? 0); i++)
        {
            var b = a.Breaks![i];
            var breakPath = $"{path}.breaks[{i}]";
            if (b is null) { errors.Add($"{breakPath}: null"); continue; }
            var breakCount = b.Count ?? 1;
            if (breakCount < 1 || (count >= 0 && breakCount > count)) errors.Add($"{breakPath}.count: must be between 1 and the group's count ({count}), not {breakCount}");
            if (b.FromSeconds is null) errors.Add($"{breakPath}.fromSeconds: required");
            var from = NonNegative(b.FromSeconds ?? 0, $"{breakPath}.fromSeconds", errors);
            if (b.DurationSeconds is not { } length || !(length > 0) || double.IsInfinity(length))
                errors.Add($"{breakPath}.durationSeconds: required, above 0");
            if (count > 0 && breakCount >= 1 && breakCount <= count)
            {
                breaks.Add(new ValidBreak(next, breakCount, from, b.DurationSeconds ?? 0));
                next = (next + breakCount) % count;
            }
        }
        if (a.Capacity is not null)
            foreach (var (kind, held) in a.Capacity)
                if (CentreValidation.CapacityProblem(kind, held) is { } problem)
                    errors.Add($"{path}.capacity.{kind}: {problem}");
        return new ValidAgentGroup(name, Math.Max(0, count), skills, wrapUp, ring, late, lateSeconds, miss, recovery, breaks)
        {
            Capacity = a.Capacity is null ? null : new Dictionary<string, int>(a.Capacity, StringComparer.Ordinal),
            MixVoiceAndDigital = a.MixVoiceAndDigital ?? false,
        };
    }

    private static Distribution? ValidateDistribution(DistributionSpec d, string path, List<string> errors)
    {
        var kind = d.Distribution?.ToLowerInvariant();
        if (kind is null || !DistributionNames.Contains(kind))
        {
            errors.Add($"{path}.distribution: must be one of {string.Join(", ", DistributionNames)}, not {(d.Distribution is null ? "missing" : $"\"{d.Distribution}\"")}");
            return null;
        }
        if (d.MeanSeconds is not { } mean || !(kind == "constant" ? mean >= 0 : mean > 0) || double.IsInfinity(mean))
        {
            errors.Add($"{path}.meanSeconds: required, {(kind == "constant" ? "at least 0" : "above 0")}{(d.MeanSeconds is { } m ? $", not {m}" : "")}");
            return null;
        }
        if (kind == "lognormal")
        {
            if (d.SdSeconds is not { } sd || !(sd > 0) || double.IsInfinity(sd))
            {
                errors.Add($"{path}.sdSeconds: required for a lognormal, above 0");
                return null;
            }
            return Distribution.Lognormal(mean, sd);
        }
        if (d.SdSeconds is not null)
            errors.Add($"{path}.sdSeconds: only a lognormal takes a standard deviation");
        return kind == "exponential" ? Distribution.Exponential(mean) : Distribution.Constant(mean);
    }

    private static Dictionary<string, int> ValidateSkills(Dictionary<string, int>? skills, string path, List<string> errors)
    {
        if (skills is null)
        {
            errors.Add($"{path}: required (an object of skill: level, e.g. {{ \"fr\": 1 }})");
            return [];
        }
        foreach (var (skill, level) in skills)
            if (level is < 1 or > 5)
                errors.Add($"{path}.{skill}: a skill level is 1 to 5, not {level}");
        return new Dictionary<string, int>(skills, StringComparer.Ordinal);
    }

    private static double NonNegative(double value, string path, List<string> errors)
    {
        if (!(value >= 0) || double.IsInfinity(value)) errors.Add($"{path}: must be at least 0, not {value}");
        return value;
    }

    private static double Probability(double value, string path, List<string> errors)
    {
        if (!(value is >= 0 and <= 1)) errors.Add($"{path}: a probability is between 0 and 1, not {value}");
        return value;
    }

    /// <summary>The engine's own rule, so that validation and routing never disagree.</summary>
    public static bool Satisfies(IReadOnlyDictionary<string, int> skills, IReadOnlyDictionary<string, int> required) =>
        new RoutingAgent("", skills).Satisfies(required);
}
