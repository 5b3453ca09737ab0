namespace CallCentre.Contracts.Routing;

/// <summary>The live state of one queue, published by Routing at most once a second while it changes.</summary>
public record QueueSnapshot(
    string TenantId, string QueueId, int CallsWaiting, double OldestWaitSeconds,
    int AgentsAvailable, int AgentsReserved, int AgentsOnCall, int AgentsAfterCallWork, int AgentsNotReady,
    DateTimeOffset At);
