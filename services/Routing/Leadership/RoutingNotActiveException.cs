namespace CallCentre.Routing.Leadership;

/// <summary>This process is not (or no longer) the active Routing process of its partition: the operation was not stored
/// and nothing of it was published. The API answers 503 with Retry-After, or forwards the request to the active process.</summary>
public sealed class RoutingNotActiveException(string message) : Exception(message);
