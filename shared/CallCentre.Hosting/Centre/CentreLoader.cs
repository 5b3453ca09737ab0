using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace CallCentre.Hosting.Centre;

public static class CentreLoader
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip };

    /// <summary>Reads <c>Centre:File</c> (relative paths resolve against the application folder), or the demo centre shipped with the Host.</summary>
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

    private static void Validate(CentreDefinition centre, string path)
    {
        foreach (var tenant in centre.Tenants)
            _ = TimeZoneInfo.FindSystemTimeZoneById(tenant.TimeZone);
        foreach (var queue in centre.Queues)
        {
            if (centre.FindTenant(queue.TenantId) is null)
                throw new InvalidOperationException($"{path}: queue '{queue.Id}' names unknown tenant '{queue.TenantId}'.");
            if (!string.IsNullOrEmpty(queue.Strategy) && !CentreValidation.StrategyNames.Contains(queue.Strategy, StringComparer.OrdinalIgnoreCase))
                throw new InvalidOperationException($"{path}: queue '{queue.Id}' has unknown strategy '{queue.Strategy}' ({string.Join(", ", CentreValidation.StrategyNames)}).");
            var named = queue.Escalations.SelectMany(e => new[] { e.AlsoOfferToQueue, e.MoveToQueue })
                .Append(queue.OverflowQueue).Append(queue.ClosedOverflowQueue).OfType<string>();
            foreach (var other in named)
                if (centre.FindQueue(other) is null)
                    throw new InvalidOperationException($"{path}: queue '{queue.Id}' names unknown queue '{other}'.");
        }
        var duplicate = centre.Queues.GroupBy(q => q.Id).FirstOrDefault(g => g.Count() > 1)?.Key
                        ?? centre.Agents.GroupBy(a => a.Id).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (duplicate is not null)
            throw new InvalidOperationException($"{path}: '{duplicate}' is defined twice.");
    }
}
