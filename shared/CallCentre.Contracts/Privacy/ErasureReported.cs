namespace CallCentre.Contracts.Privacy;

/// <summary>What one module (one process of it) removed for erasure request <paramref name="RequestId"/>: a count per kind of
/// item, e.g. <c>{ "calls": 2, "callers": 1 }</c>. It names nothing that was erased.</summary>
public record ErasureReported(Guid RequestId, string Module, IReadOnlyDictionary<string, int> Removed, DateTimeOffset ErasedAt);
