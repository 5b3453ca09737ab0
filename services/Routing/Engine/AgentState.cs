namespace CallCentre.Routing.Engine;

/// <summary>An agent's state in the ACD. Reserved means an offer is ringing on the agent's phone.</summary>
public enum AgentState { LoggedOut, Available, Reserved, OnCall, AfterCallWork, NotReady }

/// <summary>Where a call is in its life inside Routing.</summary>
public enum CallState { Waiting, Offered, OnCall, Ended }

/// <summary>The outcome of an operation on the engine; anything but Ok (and Rejected, which is an answer) changed nothing.</summary>
public enum RoutingOutcome { Ok, Rejected, UnknownQueue, UnknownCall, UnknownAgent, NotAgentsCall, InvalidState, Duplicate }
