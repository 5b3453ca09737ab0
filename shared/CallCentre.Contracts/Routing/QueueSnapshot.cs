namespace CallCentre.Contracts.Routing;

/// <summary>The live state of one queue, published by Routing at most once a second while it changes.</summary>
public record QueueSnapshot(
    string TenantId, string QueueId, int CallsWaiting, double OldestWaitSeconds,
    int AgentsAvailable, int AgentsReserved, int AgentsOnCall, int AgentsAfterCallWork, int AgentsNotReady,
    DateTimeOffset At)
{
    /// <summary>Contacts waiting per kind (<see cref="ContactKinds"/> names), kinds with none left out; absent in older messages.</summary>
    public IReadOnlyDictionary<string, int>? WaitingByKind { get; init; }
}
