using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Calendars;

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
        if (queue.CallbackAttempts is { } attempts)
            Range(errors, "callbackAttempts", attempts, 1, 10);
        if (queue.CallbackSpacingSeconds is { } spacing)
            Range(errors, "callbackSpacingSeconds", spacing, 0, 86_400);
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
        foreach (var (field, message) in WeeklyWindows("openingHours", queue.OpeningHours))
            errors.Add(field, message);
        return errors.Result;
    }


    public static Dictionary<string, string[]> ValidateAgent(AgentDefinition agent)
    {
        var errors = new Errors();
        if (!CentreIds.IsValid(agent.Id) || ReservedIds.Contains(agent.Id) || agent.Id!.StartsWith("client-", StringComparison.Ordinal))
            errors.Add("id", $"The id is {CentreIds.Rule}, and not a built-in user name (admin, supervisor, pbx, client-...).");
        Text(errors, "name", agent.Name, 100);
        Skills(errors, "skills", agent.Skills, required: true);
        if (agent.Team is { } team && (string.IsNullOrWhiteSpace(team) || team.Length > 100))
            errors.Add("team", "Left out for no team, else at most 100 characters.");
        foreach (var (kind, count) in agent.Capacity ?? new Dictionary<string, int>())
            if (CapacityProblem(kind, count) is { } problem)
                errors.Add($"capacity.{kind}", problem);
        return errors.Result;
    }

    /// <summary>Null when an agent may hold <paramref name="count"/> contacts of <paramref name="kind"/> at once.</summary>
    public static string? CapacityProblem(string kind, int count)
    {
        var phone = kind is ContactKinds.Voice or ContactKinds.Callback;
        if (!ContactKinds.All.Contains(kind))
            return $"The kinds are {string.Join(", ", ContactKinds.All)}.";
        return count < 0 || count > (phone ? 1 : 10) ? (phone ? "One phone: 0 or 1." : "From 0 to 10 at once.") : null;
    }

    /// <summary><paramref name="whenEmpty"/> refuses an empty list; <paramref name="overlapping"/> false, two windows of a day that overlap.</summary>
    public static IEnumerable<(string Field, string Message)> WeeklyWindows(string field, IReadOnlyList<OpeningWindowConfiguration>? hours,
        string? whenEmpty = null, bool overlapping = true)
    {
        if (hours is null) yield break;
        if (hours.Count == 0 && whenEmpty is not null)
            yield return (field, whenEmpty);
        for (var i = 0; i < hours.Count; i++)
        {
            if (hours[i] is not { } window || !Enum.IsDefined(window.Day) || window.From >= window.To)
                yield return ($"{field}[{i}]", "A window names its day and opens ('from') before it closes ('to'), within the day.");
            else if (!overlapping && hours.Take(i).FirstOrDefault(o => o is not null && o.Day == window.Day && o.From < window.To && window.From < o.To) is { } other)
                yield return ($"{field}[{i}]", $"It overlaps another window on {window.Day} ({other.From:HH\\:mm}-{other.To:HH\\:mm}).");
        }
    }

    public const int MaxCalendarExceptions = 1000;
    public const int MaxCalendarCountries = 5;
    public const int MaxSpecialHoursWindows = 4;

    public static Dictionary<string, string[]> ValidateCalendar(TenantCalendarConfiguration? calendar)
    {
        var errors = new Errors();
        if (calendar is null)
        {
            errors.Add("calendar", "The calendar is required.");
            return errors.Result;
        }
        var countries = calendar.Countries ?? [];
        if (calendar.Countries is null || countries.Count > MaxCalendarCountries)
            errors.Add("countries", $"A list of at most {MaxCalendarCountries} countries (may be empty).");
        for (var i = 0; i < countries.Count && i < MaxCalendarCountries; i++)
            if (!PublicHolidays.IsKnown(countries[i]))
                errors.Add($"countries[{i}]", $"'{countries[i]}' is not a known country: {string.Join(", ", PublicHolidays.Countries)}, or CH-<canton> (e.g. CH-GE).");
        if (!Enum.TryParse<HolidayRule>(calendar.HolidayRule, ignoreCase: true, out _) || int.TryParse(calendar.HolidayRule, out _))
            errors.Add("holidayRule", $"One of {string.Join(", ", Enum.GetNames<HolidayRule>())}.");
        var exceptions = calendar.Exceptions ?? [];
        if (calendar.Exceptions is null || exceptions.Count > MaxCalendarExceptions)
            errors.Add("exceptions", $"A list of at most {MaxCalendarExceptions} dated exceptions (may be empty).");
        var seen = new HashSet<DateOnly>();
        for (var i = 0; i < exceptions.Count && i < MaxCalendarExceptions; i++)
        {
            var at = $"exceptions[{i}]";
            if (exceptions[i] is not { } exception) { errors.Add(at, "An exception is required."); continue; }
            if (!seen.Add(exception.Date))
                errors.Add(at + ".date", $"{exception.Date:yyyy-MM-dd} has two exceptions.");
            foreach (var (field, message) in ValidateException(exception))
                errors.Add($"{at}.{field}", message);
        }
        return errors.Result;
    }

    public static IEnumerable<(string Field, string Message)> ValidateException(CalendarException exception)
    {
        if (exception.Date.Year is < 2000 or > 2099)
            yield return ("date", "A date from 2000-01-01 to 2099-12-31.");
        if (string.IsNullOrWhiteSpace(exception.Label) || exception.Label.Length > 100)
            yield return ("label", "Required, at most 100 characters.");
        var hours = exception.Hours;
        if (hours is null || hours.Count > MaxSpecialHoursWindows)
        {
            yield return ("hours", $"A list of at most {MaxSpecialHoursWindows} windows; empty: closed all day.");
            yield break;
        }
        for (var j = 0; j < hours.Count; j++)
        {
            if (hours[j] is not { } window || window.From >= window.To)
                yield return ($"hours[{j}]", "A window opens ('from') before it closes ('to'), within the day.");
            else if (j > 0 && hours[j - 1] is { } previous && window.From < previous.To)
                yield return ($"hours[{j}]", "Windows are in order and do not overlap.");
        }
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
