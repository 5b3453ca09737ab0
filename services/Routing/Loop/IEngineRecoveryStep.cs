using CallCentre.Routing.Engine;

namespace CallCentre.Routing.Loop;

/// <summary>Recovery the loop runs on the engine before it restores the live calls, while nothing else may touch the engine
/// (the stored queue and agent changes: a live call may wait in a queue created at run time).</summary>
public interface IEngineRecoveryStep
{
    Task RestoreAsync(RoutingEngine engine, DateTimeOffset now, CancellationToken ct);
}
