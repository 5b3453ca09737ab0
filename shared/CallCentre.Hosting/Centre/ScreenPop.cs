namespace CallCentre.Hosting.Centre;

public static class ScreenPop
{
    private static readonly string[] Placeholders = ["{contactId}", "{queue}", "{callerHash}"];

    public static string? Link(TenantDefinition? tenant, Guid contactId, string queueId, string? callerHash) =>
        tenant?.ScreenPopUrl is { } template
            ? template.Replace("{contactId}", contactId.ToString())
                .Replace("{queue}", Uri.EscapeDataString(queueId))
                .Replace("{callerHash}", Uri.EscapeDataString(callerHash ?? ""))
            : null;

    public static bool IsValidTemplate(string? template)
    {
        if (template is null) return true;
        var sample = Placeholders.Aggregate(template, (t, p) => t.Replace(p, "x"));
        return template.Length <= 500 && !sample.Contains('{') && !sample.Contains('}') &&
               Uri.TryCreate(sample, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http";
    }
}
