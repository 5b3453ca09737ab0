namespace CallCentre.Routing.Engine;

/// <summary>The engine implements it, and so does the naive matcher the benchmark compares it with.</summary>
public interface IRoutingOperations
{
    int WaitingCalls { get; }
    RoutingOutcome Enqueue(IncomingCall incoming, DateTimeOffset now);
    RoutingOutcome SetAgentState(string agentId, AgentState state, string? reason, DateTimeOffset now);
    RoutingOutcome Answer(string agentId, Guid callId, DateTimeOffset now);
    RoutingOutcome AnswerCurrentOffer(string agentId, DateTimeOffset now);
    RoutingOutcome CompleteCurrentCall(string agentId, DateTimeOffset now);
    RoutingOutcome Abandon(Guid callId, DateTimeOffset now);
    AgentView? FindAgent(string agentId);
}
