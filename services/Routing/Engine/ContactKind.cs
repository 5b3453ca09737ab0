using CallCentre.Contracts.Routing;

namespace CallCentre.Routing.Engine;

/// <summary>In the order of <see cref="ContactKinds.All"/>.</summary>
public enum ContactKind
{
    Voice,
    Callback,
    Chat,
    Email,
    Messaging,
}

public static class ContactKindNames
{
    public const int Count = 5;
    private static readonly string[] Names = [.. ContactKinds.All];

    public static string Name(this ContactKind kind) => Names[(int)kind];

    public static bool TryParse(string? name, out ContactKind kind)
    {
        var i = Array.IndexOf(Names, name);
        kind = i < 0 ? ContactKind.Voice : (ContactKind)i;
        return i >= 0;
    }

    /// <summary>Chat, e-mail and messaging: several at once, never mixed with the phone unless the agent's settings allow.</summary>
    public static bool IsDigital(this ContactKind kind) => kind >= ContactKind.Chat;
}
