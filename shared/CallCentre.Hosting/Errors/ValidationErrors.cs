namespace CallCentre.Hosting.Errors;

public sealed class ValidationErrors : Dictionary<string, string[]>
{
    public void Add(string field, string message) => this[field] = TryGetValue(field, out var existing) ? [.. existing, message] : [message];
}
