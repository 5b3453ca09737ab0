using CallCentre.Hosting.Errors;

namespace CallCentre.Scheduling.Api;

public sealed record AdherenceQuery(string? Date)
{
    public DateOnly? Read(DateOnly today, ValidationErrors errors) => Date is null ? today : FieldRules.Date(Date, "date", errors);
}
