using System.Text.RegularExpressions;

namespace CallCentre.Hosting.Centre;

/// <summary>The one pattern of the centre's ids (tenants, queues, agents, skills, disposition codes): 1 to 64 characters,
/// lower-case ASCII letters, digits, '-', '_' or '.', starting with a letter or a digit. Ids travel in URLs, claims, group
/// names and file names: none may hold a separator (',', ':', '#', '/'), a space or a look-alike character.</summary>
public static partial class CentreIds
{
    public const string Rule = "1 to 64 lower-case letters, digits, '-', '_' or '.', starting with a letter or a digit";

    [GeneratedRegex("^[a-z0-9][a-z0-9_.-]{0,63}$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);
}
