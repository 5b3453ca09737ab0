using CallCentre.Routing.Engine;

namespace CallCentre.Routing.Loop;

/// <summary>Runs before the live calls are restored: a live call may wait in a queue created at run time.</summary>
public interface IEngineRecoveryStep
{
    Task RestoreAsync(RoutingEngine engine, DateTimeOffset now, CancellationToken ct);
}
