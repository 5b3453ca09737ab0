namespace CallCentre.Contracts.Routing;

/// <summary>An administrator created or changed an agent: name and skill profile (proficiency 1..5; languages are skills).
/// <paramref name="PasswordHash"/> is set when the embedded sign-in got a password for the agent: a salted PBKDF2 hash,
/// never the password, so that every process's token endpoint can check it. Same versioning as <see cref="QueueConfigured"/>.</summary>
public record AgentConfigured(long Version, string AgentId, string Name, IReadOnlyDictionary<string, int> Skills, string? PasswordHash,
    string ConfiguredBy, DateTimeOffset ConfiguredAt)
{
    /// <summary>Contacts held at once per <see cref="ContactKinds"/> value; null (and in older messages): one voice call only.</summary>
    public IReadOnlyDictionary<string, int>? Capacity { get; init; }
    public bool MixVoiceAndDigital { get; init; }
    public string? Team { get; init; }
}

/// <summary>A process started and asks Routing to publish every stored queue and agent change again, so that it learns
/// what was configured before it was there.</summary>
public record CentreConfigurationRequested(string Requester, DateTimeOffset RequestedAt);
