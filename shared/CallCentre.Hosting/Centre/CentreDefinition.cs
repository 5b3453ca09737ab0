using CallCentre.Contracts.Routing;

namespace CallCentre.Hosting.Centre;

/// <summary>Loaded from <c>Centre:File</c> (the demo centre by default).</summary>
public sealed record CentreDefinition(
    IReadOnlyList<TenantDefinition> Tenants,
    IReadOnlyList<QueueConfiguration> Queues,
    IReadOnlyList<AgentDefinition> Agents)
{
    public TenantDefinition? FindTenant(string id) => Tenants.FirstOrDefault(t => t.Id == id);
    public QueueConfiguration? FindQueue(string id) => Queues.FirstOrDefault(q => q.Id == id);
}

/// <summary><paramref name="TimeZone"/> is an IANA zone, <paramref name="Language"/> one of <see cref="Languages.Texts.Languages"/>:
/// its reports, e-mails and portal are in it unless a reader asks for another.</summary>
public sealed record TenantDefinition(string Id, string Name, string TimeZone, string Language)
{
    public IReadOnlyList<DispositionDefinition>? Dispositions { get; init; }
    public TenantCalendarConfiguration? Calendar { get; init; }
    /// <summary>When its customers may be called back, in their own zone; absent: the French rules (weekdays 10-13 and 14-20).</summary>
    public IReadOnlyList<OpeningWindowConfiguration>? CallingHours { get; init; }
    /// <summary>Days a chat's or message's transcript is kept, as the client's contract says; absent: <c>Transcripts:RetentionDays</c>.</summary>
    public int? TranscriptRetentionDays { get; init; }
    /// <summary>Absent: <see cref="Calendars.BusinessHours.Office"/> (docs/calendars.md).</summary>
    public IReadOnlyList<OpeningWindowConfiguration>? BusinessHours { get; init; }
    public string? ScreenPopUrl { get; init; }
}

public sealed record AgentDefinition(string Id, string Name, IReadOnlyDictionary<string, int> Skills)
{
    /// <summary>Contacts held at once per kind (<see cref="ContactKinds"/>); absent: one voice call and nothing else.</summary>
    public IReadOnlyDictionary<string, int>? Capacity { get; init; }
    /// <summary>Chat, e-mail or messaging while on the phone, and the phone while holding any of them.</summary>
    public bool MixVoiceAndDigital { get; init; }
    public string? Team { get; init; }
}
