namespace CallCentre.Contracts.Privacy;

/// <summary>A data-subject erasure: every module removes what it holds of the caller whose number hashes to
/// <paramref name="CallerHash"/> with <paramref name="TenantId"/>'s key, then responds with an <see cref="ErasureReported"/>
/// to the request's response address. Applying it twice removes nothing the second time.</summary>
public record CallerErasureRequested(Guid RequestId, string TenantId, string CallerHash, DateTimeOffset RequestedAt);
