namespace CallCentre.Routing.Leadership;

/// <summary>Nothing of the operation was stored or published: the API answers 503 with Retry-After, or forwards.</summary>
public sealed class RoutingNotActiveException(string message) : Exception(message);
