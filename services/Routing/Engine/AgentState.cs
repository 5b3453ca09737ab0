namespace CallCentre.Routing.Engine;

/// <summary>Reserved: an offer is ringing on the agent's phone.</summary>
public enum AgentState { LoggedOut, Available, Reserved, OnCall, AfterCallWork, NotReady }

public enum CallState { Waiting, Offered, OnCall, Ended }

/// <summary>Anything but Ok (and Rejected, which is an answer) changed nothing.</summary>
public enum RoutingOutcome { Ok, Rejected, UnknownQueue, UnknownCall, UnknownAgent, NotAgentsCall, InvalidState, Duplicate, Unavailable }
