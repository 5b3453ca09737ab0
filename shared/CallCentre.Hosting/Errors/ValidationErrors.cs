namespace CallCentre.Hosting.Errors;

/// <summary>The field errors of one request, several per field, ready for <c>TypedResults.ValidationProblem(errors)</c>.</summary>
public sealed class ValidationErrors : Dictionary<string, string[]>
{
    public void Add(string field, string message) => this[field] = TryGetValue(field, out var existing) ? [.. existing, message] : [message];
}
