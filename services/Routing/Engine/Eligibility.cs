namespace CallCentre.Routing.Engine;

/// <summary>Each required skill held at the required proficiency or above; languages are skills.</summary>
internal static class Eligibility
{
    public static bool Meets(IReadOnlyDictionary<string, int> skills, IReadOnlyDictionary<string, int> required)
    {
        foreach (var (skill, level) in required)
            if (!skills.TryGetValue(skill, out var have) || have < level)
                return false;
        return true;
    }
}
