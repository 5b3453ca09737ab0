using CallCentre.Contracts.Routing;

namespace CallCentre.Hosting.Centre;

/// <summary>Errors are keyed by the field as the JSON spells it (<c>escalations[0].moveToQueue</c>).</summary>
public static class CentreValidation
{
    public static readonly string[] StrategyNames = ["LongestIdle", "MostSkilled", "RoundRobin", "FewestCalls", "LeastTalkTime"];

    private static readonly string[] ReservedIds = ["admin", "supervisor", "pbx"];

    public static Dictionary<string, string[]> ValidateQueue(CentreDefinition centre, QueueConfiguration queue)
    {
        var errors = new Errors();
        if (!CentreIds.IsValid(queue.Id))
            errors.Add("id", $"The id is {CentreIds.Rule}.");
        var tenant = centre.FindTenant(queue.TenantId ?? "");
        if (tenant is null)
            errors.Add("tenantId", $"There is no tenant '{queue.TenantId}'.");
        else if (centre.FindQueue(queue.Id ?? "") is { } existing && existing.TenantId != queue.TenantId)
            errors.Add("tenantId", $"The queue belongs to tenant '{existing.TenantId}'; a queue never changes tenant.");
        Text(errors, "name", queue.Name, 100);
        Text(errors, "lineOfBusiness", queue.LineOfBusiness, 100);
        Text(errors, "language", queue.Language, 16);
        Skills(errors, "requiredSkills", queue.RequiredSkills, required: false);
        Range(errors, "priority", queue.Priority, 1, 10);
        Range(errors, "serviceLevelThresholdSeconds", queue.ServiceLevelThresholdSeconds, 1, 3600);
        if (!(queue.ServiceLevelTarget > 0 && queue.ServiceLevelTarget <= 1))
            errors.Add("serviceLevelTarget", "The target is a fraction above 0 and at most 1 (0.8 for 80 %).");
        Range(errors, "wrapUpSeconds", queue.WrapUpSeconds, 0, 3600);
        Range(errors, "offerTimeoutSeconds", queue.OfferTimeoutSeconds, 1, 300);
        if (!string.IsNullOrEmpty(queue.Strategy) && !StrategyNames.Contains(queue.Strategy, StringComparer.OrdinalIgnoreCase))
            errors.Add("strategy", $"Unknown strategy '{queue.Strategy}' ({string.Join(", ", StrategyNames)}).");
        if (queue.MaxWaiting is < 1)
            errors.Add("maxWaiting", "At least 1, or absent for no limit.");
        if (queue.MaxWaitSeconds is < 1)
            errors.Add("maxWaitSeconds", "At least 1, or absent for no limit.");
        Target(errors, centre, queue, "overflowQueue", queue.OverflowQueue);
        Target(errors, centre, queue, "closedOverflowQueue", queue.ClosedOverflowQueue);
        var escalations = queue.Escalations ?? [];
        for (var i = 0; i < escalations.Count; i++)
        {
            var step = escalations[i];
            var at = $"escalations[{i}]";
            if (step is null) { errors.Add(at, "An escalation step is required."); continue; }
            Range(errors, at + ".afterSeconds", step.AfterSeconds, 1, 86_400);
            if (step.RequiredSkills is not null)
                Skills(errors, at + ".requiredSkills", step.RequiredSkills, required: false);
            Target(errors, centre, queue, at + ".alsoOfferToQueue", step.AlsoOfferToQueue);
            Target(errors, centre, queue, at + ".moveToQueue", step.MoveToQueue);
            if (step.RequiredSkills is null && step.AlsoOfferToQueue is null && step.MoveToQueue is null)
                errors.Add(at, "A step relaxes the skills, offers to another queue's agents, or moves the call.");
        }
        var hours = queue.OpeningHours ?? [];
        for (var i = 0; i < hours.Count; i++)
            if (hours[i] is null || hours[i].From >= hours[i].To)
                errors.Add($"openingHours[{i}]", "A window opens ('from') before it closes ('to'), within one day.");
        return errors.Result;
    }

    public static Dictionary<string, string[]> ValidateAgent(AgentDefinition agent)
    {
        var errors = new Errors();
        if (!CentreIds.IsValid(agent.Id) || ReservedIds.Contains(agent.Id) || agent.Id!.StartsWith("client-", StringComparison.Ordinal))
            errors.Add("id", $"The id is {CentreIds.Rule}, and not a built-in user name (admin, supervisor, pbx, client-...).");
        Text(errors, "name", agent.Name, 100);
        Skills(errors, "skills", agent.Skills, required: true);
        return errors.Result;
    }

    private static void Text(Errors errors, string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > max)
            errors.Add(field, $"Required, at most {max} characters.");
    }

    private static void Range(Errors errors, string field, int value, int min, int max)
    {
        if (value < min || value > max)
            errors.Add(field, $"Between {min} and {max}.");
    }

    private static void Skills(Errors errors, string field, IReadOnlyDictionary<string, int>? skills, bool required)
    {
        if (skills is null || (required && skills.Count == 0))
        {
            errors.Add(field, "At least one skill, with a proficiency from 1 to 5.");
            return;
        }
        foreach (var (skill, level) in skills)
        {
            if (!CentreIds.IsValid(skill))
                errors.Add($"{field}.{skill}", $"A skill name is {CentreIds.Rule}.");
            else if (level is < 1 or > 5)
                errors.Add($"{field}.{skill}", $"The proficiency is from 1 to 5, not {level}.");
        }
    }

    /// <summary>Same tenant: a call never crosses from one client company to another.</summary>
    private static void Target(Errors errors, CentreDefinition centre, QueueConfiguration queue, string field, string? target)
    {
        if (target is null || target == queue.Id) return;
        var other = centre.FindQueue(target);
        if (other is null)
            errors.Add(field, $"There is no queue '{target}'.");
        else if (other.TenantId != queue.TenantId)
            errors.Add(field, $"Queue '{target}' belongs to another tenant.");
    }

    private sealed class Errors
    {
        public Dictionary<string, string[]> Result { get; } = new(StringComparer.Ordinal);
        public void Add(string field, string message) =>
            Result[field] = Result.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
    }
}
