using Microsoft.Extensions.Configuration;

namespace CallCentre.Hosting.Modules;

public static class ModuleSelection
{
    public static IReadOnlyList<ICallCentreModule> Select(IConfiguration configuration, IReadOnlyList<ICallCentreModule> available)
    {
        var requested = (configuration["Modules"] ?? "all")
            .Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(m => m.ToLowerInvariant())
            .ToList();
        if (requested.Count == 0 || requested.Contains("all"))
            return available.Where(m => !m.OptIn || requested.Contains(m.Name)).ToList();

        var unknown = requested.Where(r => available.All(m => m.Name != r)).ToList();
        if (unknown.Count > 0)
            throw new InvalidOperationException(
                $"Unknown module(s) {string.Join(", ", unknown)}; known: all, {string.Join(", ", available.Select(m => m.Name))}.");
        return available.Where(m => requested.Contains(m.Name)).ToList();
    }
}
