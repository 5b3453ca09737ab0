namespace CallCentre.Hosting.Centre;

public sealed record DispositionDefinition(string Code, IReadOnlyDictionary<string, string> Labels);

/// <summary>A tenant's own list from the centre definition, else <see cref="Defaults"/>.</summary>
public static class Dispositions
{
    public static readonly string[] Languages = ["fr", "en"];
    public const int MaxCodes = 50;
    public const int MaxLabelLength = 100;

    public static readonly IReadOnlyList<DispositionDefinition> Defaults =
    [
        new("resolved", new Dictionary<string, string> { ["fr"] = "Résolu", ["en"] = "Resolved" }),
        new("callback-needed", new Dictionary<string, string> { ["fr"] = "Rappel à prévoir", ["en"] = "Callback needed" }),
        new("escalated", new Dictionary<string, string> { ["fr"] = "Escaladé", ["en"] = "Escalated" }),
        new("wrong-number", new Dictionary<string, string> { ["fr"] = "Faux numéro", ["en"] = "Wrong number" }),
    ];

    public static IReadOnlyList<DispositionDefinition> Of(TenantDefinition tenant) =>
        tenant.Dispositions is { Count: > 0 } own ? own : Defaults;

    public static bool Allows(CentreDefinition centre, string tenantId, string code) =>
        centre.FindTenant(tenantId) is { } tenant && Of(tenant).Any(d => d.Code == code);

    public static Dictionary<string, string> Validate(IReadOnlyList<DispositionDefinition>? list)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (list is null) return errors;
        if (list.Count > MaxCodes) errors["dispositions"] = $"At most {MaxCodes} codes.";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count && i < MaxCodes; i++)
        {
            var at = $"dispositions[{i}]";
            if (list[i] is not { } d) { errors[at] = "A disposition is required."; continue; }
            if (!CentreIds.IsValid(d.Code)) errors[at + ".code"] = $"A code is {CentreIds.Rule}.";
            else if (!seen.Add(d.Code)) errors[at + ".code"] = $"Code '{d.Code}' is listed twice.";
            foreach (var language in Languages)
                if (d.Labels?.GetValueOrDefault(language) is not { } label || string.IsNullOrWhiteSpace(label) || label.Length > MaxLabelLength)
                    errors[$"{at}.labels.{language}"] = $"A label in '{language}' is required, at most {MaxLabelLength} characters.";
        }
        return errors;
    }
}
