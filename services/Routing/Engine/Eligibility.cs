namespace CallCentre.Routing.Engine;

/// <summary>The one eligibility rule: skills (languages are skills) meet a requirement when each required skill is held at
/// the required proficiency or above.</summary>
public static class Eligibility
{
    public static bool Meets(IReadOnlyDictionary<string, int> skills, IReadOnlyDictionary<string, int> required)
    {
        foreach (var (skill, level) in required)
            if (!skills.TryGetValue(skill, out var have) || have < level)
                return false;
        return true;
    }
}
