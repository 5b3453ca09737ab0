using System.Text.RegularExpressions;

namespace CallCentre.Hosting.Centre;

/// <summary>Ids travel in URLs, claims, group and file names: no separator, space or look-alike.</summary>
public static partial class CentreIds
{
    public const string Rule = "1 to 64 lower-case letters, digits, '-', '_' or '.', starting with a letter or a digit";

    [GeneratedRegex("^[a-z0-9][a-z0-9_.-]{0,63}$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);
}
