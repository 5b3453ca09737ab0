namespace CallCentre.Contracts.Routing;

/// <summary>The kinds of contact the ACD routes: the values of the <c>Kind</c> field of the call events. A message without the
/// field is a voice call.</summary>
public static class ContactKinds
{
    public const string Voice = "voice";
    /// <summary>A customer to be called back: a phone call the agent's side places.</summary>
    public const string Callback = "callback";
    public const string Chat = "chat";
    public const string Email = "email";
    /// <summary>Asynchronous messaging (WhatsApp, SMS, social) through a provider.</summary>
    public const string Messaging = "messaging";

    /// <summary>In the engine's order: voice, callback, chat, email, messaging.</summary>
    public static IReadOnlyList<string> All { get; } = [Voice, Callback, Chat, Email, Messaging];
}
