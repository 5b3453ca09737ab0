using CallCentre.Hosting.Errors;

namespace CallCentre.Scheduling.Api;

/// <summary>The query of <c>GET /api/adherence</c> and <c>/agents/{agentId}</c>: <see cref="Date"/>, yyyy-MM-dd in the centre's zone.</summary>
public sealed record AdherenceQuery(string? Date)
{
    /// <summary>The day asked for, <paramref name="today"/> when absent, or null with <paramref name="errors"/> filled.</summary>
    public DateOnly? Read(DateOnly today, ValidationErrors errors) => Date is null ? today : FieldRules.Date(Date, "date", errors);
}
