namespace CallCentre.Contracts.Privacy;

/// <summary>A client company leaves: every module deletes what it holds of <paramref name="TenantId"/> (rows keyed by the
/// tenant, by its queues <paramref name="QueueIds"/> or by its calls), in one transaction per database, then responds with an
/// <see cref="ErasureReported"/> to the request's response address. Applying it twice removes nothing the second time.</summary>
public record TenantErasureRequested(Guid RequestId, string TenantId, IReadOnlyList<string> QueueIds, DateTimeOffset RequestedAt);
