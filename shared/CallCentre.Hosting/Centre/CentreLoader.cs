using System.Text.Json;
using CallCentre.Hosting.Languages;
using Microsoft.Extensions.Configuration;

namespace CallCentre.Hosting.Centre;

public static class CentreLoader
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip };

    public static CentreDefinition Load(IConfiguration configuration)
    {
        var file = configuration["Centre:File"] ?? "centre.demo.json";
        var path = Path.IsPathRooted(file) ? file : Path.Combine(AppContext.BaseDirectory, file);
        if (!File.Exists(path))
            throw new InvalidOperationException($"Centre file '{path}' (Centre:File) does not exist.");
        var centre = JsonSerializer.Deserialize<CentreDefinition>(File.ReadAllText(path), Json)
                     ?? throw new InvalidOperationException($"Centre file '{path}' is empty.");
        Validate(centre, path);
        return centre;
    }

    /// <summary>The admin API's rules: the process does not start on a centre the API would refuse.</summary>
    private static void Validate(CentreDefinition centre, string path)
    {
        if (centre.Tenants is null || centre.Queues is null || centre.Agents is null)
            throw new InvalidOperationException($"{path}: 'tenants', 'queues' and 'agents' are required.");
        foreach (var tenant in centre.Tenants)
        {
            if (tenant is null || !CentreIds.IsValid(tenant.Id))
                throw new InvalidOperationException($"{path}: tenant id '{tenant?.Id}' is invalid: an id is {CentreIds.Rule}.");
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(tenant.TimeZone ?? "", out _))
                throw new InvalidOperationException($"{path}: tenant '{tenant.Id}' has unknown time zone '{tenant.TimeZone}'.");
            if (!Texts.IsKnown(tenant.Language))
                throw new InvalidOperationException(
                    $"{path}: tenant '{tenant.Id}' has language '{tenant.Language}': its reports and e-mails are in one of {string.Join(", ", Texts.Languages)}.");
            foreach (var (field, message) in Dispositions.Validate(tenant.Dispositions))
                throw new InvalidOperationException($"{path}: tenant '{tenant.Id}' {field}: {message}");
            if (!ScreenPop.IsValidTemplate(tenant.ScreenPopUrl))
                throw new InvalidOperationException(
                    $"{path}: tenant '{tenant.Id}' screenPopUrl must be an absolute http(s) URL with only {{contactId}}, {{queue}} and {{callerHash}} in braces.");
            if (tenant.TranscriptRetentionDays is < 1)
                throw new InvalidOperationException($"{path}: tenant '{tenant.Id}' transcriptRetentionDays must be at least 1.");
            foreach (var (field, message) in CentreValidation.WeeklyWindows("callingHours", tenant.CallingHours,
                         "At least one window; leave the field out for the French rules (weekdays 10-13 and 14-20).", overlapping: false)
                     .Concat(CentreValidation.WeeklyWindows("businessHours", tenant.BusinessHours,
                         "At least one window; leave the field out for weekdays 09:00-18:00.", overlapping: false)))
                throw new InvalidOperationException($"{path}: tenant '{tenant.Id}' {field}: {message}");
            if (tenant.Calendar is not null)
                foreach (var (field, messages) in CentreValidation.ValidateCalendar(tenant.Calendar))
                    throw new InvalidOperationException($"{path}: tenant '{tenant.Id}' calendar.{field}: {string.Join(" ", messages)}");
        }
        var duplicate = centre.Tenants.GroupBy(t => t.Id).FirstOrDefault(g => g.Count() > 1)?.Key
                        ?? centre.Queues.GroupBy(q => q?.Id).FirstOrDefault(g => g.Count() > 1)?.Key
                        ?? centre.Agents.GroupBy(a => a?.Id).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (duplicate is not null)
            throw new InvalidOperationException($"{path}: '{duplicate}' is defined twice.");
        if (centre.Queues.Contains(null!) || centre.Agents.Contains(null!))
            throw new InvalidOperationException($"{path}: a queue or an agent is null.");
        foreach (var queue in centre.Queues)
            foreach (var (field, messages) in CentreValidation.ValidateQueue(centre, queue))
                throw new InvalidOperationException($"{path}: queue '{queue?.Id}' {field}: {string.Join(" ", messages)}");
        foreach (var agent in centre.Agents)
            foreach (var (field, messages) in CentreValidation.ValidateAgent(agent))
                throw new InvalidOperationException($"{path}: agent '{agent?.Id}' {field}: {string.Join(" ", messages)}");
    }
}
